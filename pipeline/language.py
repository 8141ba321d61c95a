"""Stage 6 — language: is the cleaned article French?

langdetect is random by design; a fixed seed makes the answer repeatable.
"""

from __future__ import annotations

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException


SAMPLE_CHARS = 1500  # enough for a sure answer; langdetect's cost grows with the text


def _sample(text: str) -> str:
    """The start of the article, where the headline and lead are: cut at a word."""
    if len(text) <= SAMPLE_CHARS:
        return text
    cut = text.rfind(" ", 0, SAMPLE_CHARS)
    return text[: cut if cut > 0 else SAMPLE_CHARS]


def detect_language(text: str, seed: int = 0) -> tuple[str, float]:
    """ISO 639-1 code and probability; ('', 0.0) when nothing can be said."""
    sample = _sample(text)
    if not any(ch.isalpha() for ch in sample):
        return "", 0.0
    DetectorFactory.seed = seed
    try:
        best = detect_langs(sample)[0]
    except LangDetectException:
        return "", 0.0
    return best.lang, round(float(best.prob), 4)
