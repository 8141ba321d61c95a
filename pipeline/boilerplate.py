"""Stage 3b — boilerplate: keep or drop each paragraph, with a named rule.

Two kinds of rule:
- patterns of the chrome that recurs on French news sites, kept in
  `data/boilerplate.yaml` (`pattern:<name>`);
- features that catch chrome on sites nobody listed, in the spirit of
  jusText (`feature:<name>`): each paragraph is first rated from its own
  length, French stop-word density, sentence punctuation and share of
  capitalised words (good / short / bad); short paragraphs then take their
  class from their position (header before the first good paragraph, tail
  after the last one) and from their neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator
from spacy.lang.fr.stop_words import STOP_WORDS

from pipeline.config import load_data_file
from pipeline.models import BOILERPLATE, KEEP, Segment


class PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    regex: str
    max_words: int | None = None  # only paragraphs this short (captions, labels)
    ends_article: bool = False  # what follows it is page chrome too (comment forms, tags…)
    description: str = ""

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class FeatureSettings(BaseModel):
    """Thresholds of the feature rules; users tune them in the YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    good_min_words: int = Field(7, ge=1)
    good_min_stopword_density: float = Field(0.18, ge=0, le=1)
    short_max_words: int = Field(6, ge=1)
    header_label_max_words: int = Field(3, ge=1)
    list_max_stopword_density: float = Field(0.08, ge=0, le=1)
    list_min_capitalised_share: float = Field(0.6, ge=0, le=1)
    intertitle_max_words: int = Field(12, ge=1)


class BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: list[PatternSpec] = []
    features: FeatureSettings = FeatureSettings()


@dataclass(frozen=True)
class CompiledPattern:
    name: str
    regex: re.Pattern[str]
    max_words: int | None
    ends_article: bool


@dataclass(frozen=True)
class BoilerplateRules:
    patterns: tuple[CompiledPattern, ...]
    features: FeatureSettings = FeatureSettings()


def load_boilerplate_rules(path: Path) -> BoilerplateRules:
    spec = load_data_file(path, BoilerplateFile)
    return BoilerplateRules(
        tuple(CompiledPattern(p.name, re.compile(p.regex, re.IGNORECASE), p.max_words, p.ends_article) for p in spec.patterns),
        spec.features,
    )


_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-][^\W\d_])*")
_SENTENCE_END = re.compile(r"[.!?…»\"”)。！？]\s*$")
_STOP_WORDS = frozenset(STOP_WORDS) | {"l", "d", "qu", "n", "s", "c", "j", "m", "t"}

GOOD, SHORT, BAD = "good", "short", "bad"


@dataclass(frozen=True)
class ParagraphFeatures:
    words: int
    stopword_density: float
    capitalised_share: float
    ends_sentence: bool
    has_lowercase_word: bool


def features_of(text: str) -> ParagraphFeatures:
    words = _WORD.findall(text)
    n = len(words)
    if not n:
        return ParagraphFeatures(0, 0.0, 0.0, bool(_SENTENCE_END.search(text)), False)
    stop = sum(1 for w in words if _split_elision(w.lower()) in _STOP_WORDS)
    capitalised = sum(1 for w in words if w[0].isupper())
    return ParagraphFeatures(
        words=n,
        stopword_density=stop / n,
        capitalised_share=capitalised / n,
        ends_sentence=bool(_SENTENCE_END.search(text)),
        has_lowercase_word=any(not w[0].isupper() for w in words),  # scripts without case count
    )


def _split_elision(word: str) -> str:
    """"l’actualité" counts as a stop word: its article is one."""
    for mark in ("'", "’"):
        if mark in word:
            head = word.split(mark, 1)[0]
            return head if head in _STOP_WORDS else word
    return word


def classify(segments: list[Segment], rules: BoilerplateRules) -> list[Segment]:
    """Mark boilerplate segments; metadata segments are left as they are."""
    settings = rules.features
    content = [i for i, seg in enumerate(segments) if seg.action == KEEP]
    verdict: dict[int, tuple[str, str]] = {}  # position → (class, rule)
    feats: dict[int, ParagraphFeatures] = {}
    article_end: int | None = None
    for i in content:
        text = segments[i].text
        feats[i] = features_of(text)
        pattern = _matching_pattern(text, feats[i].words, rules)
        if pattern is not None:
            verdict[i] = (BAD, f"pattern:{pattern.name}")
            if pattern.ends_article and article_end is None:
                article_end = i
            continue
        verdict[i] = _rate(text, feats[i], settings)

    goods = [i for i in content if verdict[i][0] == GOOD]
    first_good, last_good = (goods[0], goods[-1]) if goods else (None, None)
    if article_end is not None and first_good is not None and article_end > first_good:
        for i in content:
            if i > article_end and verdict[i][0] != BAD:
                goods_after = sum(1 for g in goods if g > article_end)
                goods_before = sum(1 for g in goods if g < article_end)
                if goods_after < goods_before:
                    verdict[i] = (BAD, "feature:after_article_end")
        goods = [i for i in content if verdict[i][0] == GOOD]
        first_good, last_good = (goods[0], goods[-1]) if goods else (None, None)

    for position, i in enumerate(content):
        if verdict[i][0] != SHORT:
            continue
        verdict[i] = _resolve_short(i, position, content, verdict, feats, first_good, last_good, settings)

    result: list[Segment] = []
    for seg_position, seg in enumerate(segments):
        if seg.action != KEEP or verdict[seg_position][0] != BAD:
            result.append(seg)
        else:
            result.append(Segment(seg.index, seg.text, BOILERPLATE, verdict[seg_position][1]))
    return result


def _rate(text: str, f: ParagraphFeatures, settings: FeatureSettings) -> tuple[str, str]:
    """Context-free class of a paragraph from its own features."""
    if f.words == 0:
        return BAD, "feature:no_words"
    if f.words == 1 and not f.ends_sentence:
        return BAD, "feature:single_word"
    if (
        f.words >= 4
        and f.stopword_density <= settings.list_max_stopword_density
        and f.capitalised_share >= settings.list_min_capitalised_share
        and not f.ends_sentence
    ):
        return BAD, "feature:name_list"
    if f.words >= settings.good_min_words and f.stopword_density >= settings.good_min_stopword_density:
        return GOOD, ""
    if f.words <= settings.short_max_words or not f.ends_sentence:
        return SHORT, ""
    return GOOD, ""


def _resolve_short(
    i: int,
    position: int,
    content: list[int],
    verdict: dict[int, tuple[str, str]],
    feats: dict[int, ParagraphFeatures],
    first_good: int | None,
    last_good: int | None,
    settings: FeatureSettings,
) -> tuple[str, str]:
    """A short paragraph takes its class from where it stands."""
    f = feats[i]
    if first_good is None:
        # No prose at all: keep what reads like a sentence or a headline.
        return (GOOD, "") if f.words >= 4 and f.has_lowercase_word else (BAD, "feature:no_prose")
    if i < first_good:
        # Header: a headline stays, section labels, site names and bylines go.
        if f.words <= settings.header_label_max_words and not f.ends_sentence:
            return BAD, "feature:header_label"
        if _is_headline_like(f, settings):
            return GOOD, ""
        return BAD, "feature:header_chrome"
    if last_good is not None and i > last_good:
        return BAD, "feature:tail_short"
    previous = _neighbour_class(content, position, -1, verdict)
    following = _neighbour_class(content, position, +1, verdict)
    if following == GOOD and (previous == GOOD or _is_headline_like(f, settings)):
        return GOOD, ""  # an intertitle inside the article
    return BAD, "feature:between_chrome"


def _is_headline_like(f: ParagraphFeatures, settings: FeatureSettings) -> bool:
    return 2 <= f.words <= max(settings.intertitle_max_words, 25) and f.has_lowercase_word


def _neighbour_class(content: list[int], position: int, step: int, verdict: dict[int, tuple[str, str]]) -> str:
    """Class of the nearest neighbour that is not itself short ('' at the edge)."""
    j = position + step
    while 0 <= j < len(content):
        cls = verdict[content[j]][0]
        if cls != SHORT:
            return cls
        j += step
    return ""


def _matching_pattern(text: str, words: int, rules: BoilerplateRules) -> CompiledPattern | None:
    for pattern in rules.patterns:
        if pattern.max_words is not None and words > pattern.max_words:
            continue
        if pattern.regex.search(text):
            return pattern
    return None
