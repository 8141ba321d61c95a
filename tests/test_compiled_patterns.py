"""The tokenizer's regexes, compiled once and reloaded: the same patterns, the same matches."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline import compiled_patterns
from pipeline.compiled_patterns import cache_path, preload, save, tokenizer_patterns

PATTERNS = [
    r"(?iu)^(?:porte[-‐]avion[a-zà-ÿ]*|(?P<word>auto)[-‐]école)$",
    r"(?:[\$€£]|GWh|kWh)$",
    r"^[«“\"(]",
]
SAMPLES = ["porte-avions", "PORTE-AVION", "auto-école", "autoécole", "12 GWh", "40€", "« Oui", "(a", "", "kwh"]


@pytest.fixture
def prefix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private installation folder, and `re`'s cache without our test patterns."""
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    for pattern in PATTERNS:
        re._cache.pop((str, pattern, 0), None)  # type: ignore[attr-defined]
    return tmp_path


def test_saved_patterns_come_back_as_what_re_compiles(prefix: Path) -> None:
    compiled = [re.compile(p) for p in PATTERNS]
    path = save("model_x", compiled)
    assert path == cache_path("model_x") and path.is_relative_to(prefix)
    re.purge()
    reloaded = preload("model_x")
    assert [p.pattern for p in reloaded] == PATTERNS
    for ours, theirs in zip(reloaded, compiled):
        assert (ours.flags, ours.groups, dict(ours.groupindex)) == (theirs.flags, theirs.groups, dict(theirs.groupindex))
        for sample in SAMPLES:
            assert bool(ours.search(sample)) == bool(theirs.search(sample))
            found, expected = ours.match(sample), theirs.match(sample)
            assert (found and found.groupdict()) == (expected and expected.groupdict())
        assert re.compile(ours.pattern) is ours  # what spaCy's re.compile will be handed


def test_no_file_or_a_damaged_one_leaves_re_to_compile(prefix: Path) -> None:
    assert preload("model_y") == []
    path = cache_path("model_y")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert preload("model_y") == []
    assert re.compile(PATTERNS[0]).match("porte-avions")


def test_a_read_only_installation_is_no_error(prefix: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(compiled_patterns.tempfile, "NamedTemporaryFile", refuse)
    assert save("model_z", [re.compile(PATTERNS[1])]) is None


def test_the_pipeline_tokenizer_uses_the_saved_patterns(nlp: Language) -> None:
    patterns = tokenizer_patterns(nlp)
    assert len(patterns) == 5
    reloaded = {p.pattern for p in preload("fr_core_news_md")}
    assert {p.pattern for p in patterns} <= reloaded
    assert [t.text for t in nlp.tokenizer("Le porte-avions et l'auto-école d'aujourd'hui.")] == [
        "Le", "porte-avions", "et", "l'", "auto-école", "d'", "aujourd'hui", ".",
    ]  # fmt: skip
