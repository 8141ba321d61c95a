"""The stop-word lists are spaCy's, read without importing spaCy's language packages."""

import subprocess
import sys
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_ENGLISH
from spacy.lang.fr.stop_words import STOP_WORDS as SPACY_FRENCH

from pipeline.stop_words import ENGLISH_STOP_WORDS, FRENCH_STOP_WORDS


def test_lists_are_spacys() -> None:
    assert FRENCH_STOP_WORDS == frozenset(SPACY_FRENCH)
    assert ENGLISH_STOP_WORDS == frozenset(SPACY_ENGLISH)


def test_stages_leave_the_french_package_to_the_model_load() -> None:
    """Importing it early compiles the tokenizer's exception regex once at import and
    again at the model's load, once the stages' patterns have pushed it out of re's cache."""
    code = "import sys, pipeline.process; print('spacy.lang.fr' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent)
    assert done.stdout.strip() == "False"
