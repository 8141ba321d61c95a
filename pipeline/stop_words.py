"""spaCy's French and English stop-word lists, read without importing their language packages.

`import spacy.lang.fr.stop_words` runs `spacy.lang.fr`'s package init,
which compiles the tokenizer's exception regex (about 3 s). Done at import
time, that regex then leaves Python's cache of compiled patterns (512
entries) while the stages compile theirs, and loading the model compiles
it a second time. Read alone, the lists cost nothing, and the model's
load compiles the regex once, right before using it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy


def _stop_words(language: str) -> frozenset[str]:
    path = Path(spacy.__file__).parent / "lang" / language / "stop_words.py"
    spec = importlib.util.spec_from_file_location(f"pipeline._stop_words_{language}", path)
    if spec is None or spec.loader is None:  # pragma: no cover - spaCy's layout changed
        raise ImportError(f"spaCy's {language} stop words not found at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


FRENCH_STOP_WORDS = _stop_words("fr")
ENGLISH_STOP_WORDS = _stop_words("en")
