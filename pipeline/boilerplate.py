"""Stage 3b — boilerplate: keep or drop each paragraph, with a named rule.

Two kinds of rule, both needed:
- patterns of the chrome that recurs on French news sites, kept in
  `data/boilerplate.yaml` (`pattern:<name>`): they name what they catch, so
  users can read segments.csv and extend the list;
- features that catch chrome on sites nobody listed, in the spirit of
  jusText (`feature:<name>`). Each paragraph is first rated from its own
  length, French stop-word density, sentence punctuation and share of
  capitalised words: prose (good), headline-like (near), short, or bad.
  A line of short capitalised items split by ' | ', ' · ', ' • ', ' / ' or
  runs of spaces is a navigation menu wherever it stands.
  An image's alt text beside its credited caption (the same words without
  the credit) goes with the caption.
  Paragraphs that are not prose then take their fate from where they
  stand: in the header zone before the first prose paragraph only the
  headline (and a standfirst under it) stays; inside the body an
  intertitle stays when prose follows it; after the last prose paragraph
  only a sentence that ends the article, or its last paragraph cut short
  by the page size, stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pipeline.config import load_data_file
from pipeline.dedup import fingerprint_text
from pipeline.models import BOILERPLATE, KEEP, Segment
from pipeline.regex_gate import CASE_UNSURE, anchored, required_literals, top_level_branches
from pipeline.stop_words import FRENCH_STOP_WORDS as STOP_WORDS


class PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    regex: str
    max_words: int | None = Field(None, ge=1)  # only paragraphs this short (captions, labels)
    ends_article: bool = False  # what follows it is page chrome too (comment forms, tags…)
    starts_list: bool = False  # as a bare label, the short lines after it are its list (links, contents)
    inline: bool = False  # chrome inserted inside the text (captions, credits): neighbours look through it
    under_headline: bool = False  # stands just under a headline (bylines, dates, reading time)
    header_only: bool = False  # chrome of the page's header (slogans): below the first prose, the article's words
    # Words one of which every match contains (lower case): a paragraph without
    # any is not searched. A cheap gate for long unanchored patterns.
    keywords: tuple[str, ...] = ()
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
    prose_min_words: int = Field(20, ge=1)
    short_max_words: int = Field(6, ge=1)
    header_label_max_words: int = Field(3, ge=1)
    header_max_headlines: int = Field(2, ge=1)
    headline_max_words: int = Field(30, ge=2)
    list_max_stopword_density: float = Field(0.08, ge=0, le=1)
    list_min_capitalised_share: float = Field(0.6, ge=0, le=1)
    list_label_max_words: int = Field(5, ge=1)
    credit_max_words: int = Field(6, ge=1)
    caption_max_words: int = Field(45, ge=1)
    truncated_min_words: int = Field(6, ge=1)
    menu_min_items: int = Field(4, ge=2)
    menu_item_max_words: int = Field(4, ge=1)
    menu_min_label_share: float = Field(0.75, ge=0, le=1)
    name_max_words: int = Field(6, ge=2)


class BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: list[PatternSpec] = []
    features: FeatureSettings = FeatureSettings()


@dataclass(frozen=True)
class CompiledBranch:
    """One top-level alternative of a pattern's regex, searched and gated on its own."""

    regex: re.Pattern[str]
    required: tuple[str, ...] = ()  # see `CompiledPattern.required`
    anchored: bool = False


@dataclass(frozen=True)
class CompiledPattern:
    name: str
    regex: re.Pattern[str]
    max_words: int | None = None
    ends_article: bool = False
    starts_list: bool = False
    inline: bool = False
    under_headline: bool = False
    header_only: bool = False
    keywords: tuple[str, ...] = ()
    # Lower-case strings one of which every match contains, read from the
    # regex itself (empty: none known). See `regex_gate.required_literals`.
    required: tuple[str, ...] = ()
    # Every match starts at the paragraph's start. See `regex_gate.anchored`.
    anchored: bool = False
    # The regex's top-level alternatives: the pattern matches when one of them
    # does, and each is only searched when its own gate lets it (empty: `regex`).
    branches: tuple[CompiledBranch, ...] = ()


@dataclass(frozen=True)
class BoilerplateRules:
    patterns: tuple[CompiledPattern, ...]
    features: FeatureSettings = FeatureSettings()


def load_boilerplate_rules(path: Path) -> BoilerplateRules:
    spec = load_data_file(path, BoilerplateFile)
    return BoilerplateRules(
        tuple(
            CompiledPattern(
                p.name,
                re.compile(p.regex, re.IGNORECASE),
                p.max_words,
                p.ends_article,
                p.starts_list,
                p.inline,
                p.under_headline,
                p.header_only,
                tuple(k.lower() for k in p.keywords),
                required_literals(p.regex),
                anchored(p.regex),
                _branches(p.regex),
            )
            for p in spec.patterns
        ),
        spec.features,
    )


def _branches(regex: str) -> tuple[CompiledBranch, ...]:
    """The alternatives of a regex of several, each with its gate; () for a single one."""
    branches = top_level_branches(regex)
    if len(branches) < 2:
        return ()
    return tuple(
        CompiledBranch(re.compile(branch, re.IGNORECASE), required_literals(branch), anchored(branch)) for branch in branches
    )


_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-][^\W\d_])*")
_SENTENCE_END = re.compile(r"[.!?…](?:[\s»\"”’)\]]*)$|[»\"”]\s*$")
_LIST_ITEM_END = re.compile(r"[;,]\s*$")
_INTRO_END = re.compile(r":\s*$")
# "Autonomie : 410 km", "Prix : 35 990 €": a line of a specification sheet.
_SPEC_LINE = re.compile(
    r"^[^\W\d][\w’' ().-]{1,40}\s*:\s*[^:]{0,40}?\d[\d\u00a0\u202f .,]*\s*"
    r"(?:€|euros?|\$|dollars?|%|km|kWh|kW|ch|chevaux|g/km|kg|tonnes?|t|mm|cm|m|litres?|l|min|minutes?|heures?|h|ans?|mois|"
    r"places?|portes?|GWh|MWh|MW|GW|V|W|Nm|km/h|s|secondes?)(?![\w])",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[•▪◦·\-–—*●■►✓✔]|\d{1,2}[.)])\s+")
_STOP_WORDS = frozenset(STOP_WORDS) | {"l", "d", "qu", "n", "s", "c", "j", "m", "t"}
# A caption's credit after its last sentence: "… le 17 octobre. ERIC PIERMONT / AFP", "… | ARCHIVES OUEST-FRANCE".
# Initials may sign it: "… | Le Télégramme/Y. L." (a stop after a lone capital).
_CREDIT_TAIL = re.compile(r"(?:[.!?»)]\s+|\s[|]\s*)(?P<credit>(?:[^.!?|«»\"“”]|(?<=(?<![\w])[A-ZÀ-Ý])\.){2,80})$")
_CREDIT_TOKEN_SPLIT = re.compile(r"[\s/]+")
_CREDIT_WORD = re.compile(r"^(?:[A-ZÀ-Ý][\w’'.-]*|[/&|,+-]|\(\w+\)|de|du|des|d’|d'|von|van|der)$")
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+\S")
_ALL_CAPS = re.compile(r"^[A-ZÀ-Ý]{2,}(?:[-'’][A-ZÀ-Ý]+)*$")

GOOD, NEAR, SHORT, BAD = "good", "near", "short", "bad"


@dataclass(frozen=True)
class ParagraphFeatures:
    words: int
    stopword_density: float
    capitalised_share: float
    ends_sentence: bool  # . ! ? … or a closing quote
    list_item: bool  # ends with ; or ,
    introduces: bool  # ends with a colon (a list or a quote follows)
    has_lowercase_word: bool
    spec_line: bool = False  # a line of a specification sheet: "Autonomie : 410 km", "Prix : 35 990 €"

    @property
    def prose_like(self) -> bool:
        """Reads as (part of) a sentence of the article, however short."""
        if self.spec_line:
            return True
        if not self.has_lowercase_word or self.words < 2:
            return False
        return self.ends_sentence or self.list_item or (self.introduces and self.words >= 4)

    def headline_like(self, max_words: int) -> bool:
        return self.has_lowercase_word and 2 <= self.words <= max_words


@lru_cache(maxsize=8192)
def features_of(text: str) -> ParagraphFeatures:
    """The paragraph's features (memoised: the title guess reads the kept paragraphs again)."""
    words = _WORD.findall(text)
    n = len(words)
    stripped = text.strip()
    ends = bool(_SENTENCE_END.search(stripped))
    item = bool(_LIST_ITEM_END.search(stripped))
    spec = bool(_SPEC_LINE.match(_BULLET.sub("", stripped)))
    intro = bool(_INTRO_END.search(stripped))
    if not n:
        return ParagraphFeatures(0, 0.0, 0.0, ends, item, intro, False, spec)
    stop = sum(map(_is_stop_word, words))
    initials = [w[0] for w in words]
    capitalised = sum(map(str.isupper, initials))
    return ParagraphFeatures(
        words=n,
        stopword_density=stop / n,
        capitalised_share=capitalised / n,
        ends_sentence=ends,
        list_item=item,
        introduces=intro,
        has_lowercase_word=any(map(str.islower, initials)),
        spec_line=spec,
    )


@lru_cache(maxsize=65536)
def _is_stop_word(word: str) -> bool:
    """A French stop word, whatever its case (memoised: read for every word of every paragraph)."""
    return _split_elision(word.lower()) in _STOP_WORDS


def _split_elision(word: str) -> str:
    """"l’actualité" counts as a stop word: its article is one."""
    for mark in ("'", "’"):
        if mark in word:
            head = word.split(mark, 1)[0]
            return head if head in _STOP_WORDS else word
    return word


def has_caption_credit(text: str, settings: FeatureSettings) -> bool:
    """A caption ending with the photographer's or agency's credit.

    The credit is what follows the last sentence: a few capitalised words
    with a slash or a word in capitals ("ERIC PIERMONT / AFP", "| ARCHIVES
    OUEST-FRANCE", "| Le Télégramme/Y. L."). Prose never ends on such a fragment.
    """
    match = _CREDIT_TAIL.search(text.strip())
    if not match:
        return False
    tokens = [t.strip("()") for t in _CREDIT_TOKEN_SPLIT.split(match.group("credit")) if t.strip("()")]
    tokens = [t for t in tokens if t not in "/"]
    if not tokens or len(tokens) > settings.credit_max_words:
        return False
    if not all(_CREDIT_WORD.match(t) for t in tokens):
        return False
    return "/" in match.group("credit") or "|" in match.group(0) or any(_ALL_CAPS.match(t) for t in tokens)


# Items of a navigation bar: ' | ', ' · ', ' • ', ' / ' or runs of two or more
# spaces (the columns of a scraped menu). The segmenter leaves the spaces
# inside a line as the page had them, so the runs are read here, on the
# segment text, before any later stage tidies the kept text.
_MENU_SEPARATOR = re.compile(r"\s+[|·•/]\s+|[ \t]{2,}")
_NAME_NOT_ALLOWED = re.compile(r"[\d:;,.!?…«»\"“”()\[\]|/—–]")


def menu_items(text: str) -> list[str]:
    """The items of a line read as a navigation bar (one item when it is none)."""
    return [item.strip() for item in _MENU_SEPARATOR.split(text.strip()) if item.strip()]


def is_menu_line(text: str, settings: FeatureSettings) -> bool:
    """Many short capitalised items and no sentence: a site's navigation.

    'Menu   Régions   Économie   Sports   S'abonner 1€ le premier mois',
    'Accueil · Actus · Essais · Contact'. One item in four may be something
    else (an offer, a search box); an item as long as a sentence, or with a
    sentence break inside, means the separators were the article's own.
    """
    items = menu_items(text)
    if len(items) < settings.menu_min_items:
        return False
    labels = 0
    for item in items:
        words = _WORD.findall(item)
        if len(words) > settings.short_max_words or _SENTENCE_BREAK.search(item):
            return False
        label = bool(words) and len(words) <= settings.menu_item_max_words and item[0].isupper()
        if label and not any(c.isdigit() for c in item) and not item.endswith((".", "!", "…")):
            labels += 1
    return labels >= settings.menu_min_label_share * len(items)


def is_title_cased_name(text: str, settings: FeatureSettings) -> bool:
    """A name rather than a headline: 'La Voix du Nord', 'Le Courrier de l’Ouest'.

    Every word is capitalised but the function words, and there is no
    punctuation: the name of a paper, a site or a newsletter in the page's
    header. A French headline always has a lowercase word of its own.
    """
    if _NAME_NOT_ALLOWED.search(text):
        return False
    words = _WORD.findall(text)
    if not 2 <= len(words) <= settings.name_max_words:
        return False
    capitalised = [w for w in words if w[0].isupper()]
    if len(capitalised) < 2 or len(capitalised) * 2 < len(words):
        return False
    return all(_split_elision(w.lower()) in _STOP_WORDS for w in words if not w[0].isupper())


_INLINE_FEATURES = frozenset({"feature:caption_credit", "feature:caption_alt_text"})
_ALT_TEXT_MIN_WORDS = 4  # shorter lines are labels, which other rules judge


@dataclass
class _Para:
    """What the classifier knows of one candidate paragraph."""

    position: int  # position in the segment list
    text: str
    f: ParagraphFeatures
    cls: str
    rule: str = ""
    pattern: CompiledPattern | None = None
    rated: str = ""  # the context-free class, before neighbours had their say
    repeat: bool = False  # repeats an earlier paragraph: dedup will drop it

    def __post_init__(self) -> None:
        self.rated = self.cls

    @property
    def inline(self) -> bool:
        """Transparent to its neighbours: inserted chrome, or a repeat that will go."""
        if self.repeat:
            return True
        return self.cls == BAD and (
            (self.pattern is not None and self.pattern.inline) or self.rule in _INLINE_FEATURES
        )


def classify(segments: list[Segment], rules: BoilerplateRules) -> list[Segment]:
    """Mark boilerplate segments; metadata segments are left as they are."""
    settings = rules.features
    paras = [
        _rate(position, seg.text, rules) for position, seg in enumerate(segments) if seg.action == KEEP
    ]
    _rerate_below_header(paras, rules)
    _drop_caption_alt_texts(paras)
    _mark_repeats(paras)
    _drop_link_lists(paras, settings)
    _drop_after_article_end(paras)
    _keep_cut_last_paragraph(paras, settings)
    _resolve(paras, settings)

    verdicts = {p.position: p for p in paras}
    result: list[Segment] = []
    for position, seg in enumerate(segments):
        para = verdicts.get(position)
        if para is None or para.cls != BAD:
            result.append(seg)
        else:
            result.append(Segment(seg.index, seg.text, BOILERPLATE, para.rule, seg.duplicate_of))
    return result


def _rate(position: int, text: str, rules: BoilerplateRules, header: bool = True) -> _Para:
    """Context-free class of a paragraph from its own features."""
    f = features_of(text)
    pattern = _matching_pattern(text, f.words, rules, header)
    if pattern is not None:
        return _Para(position, text, f, BAD, f"pattern:{pattern.name}", pattern)
    cls, rule = _rate_features(text, f, rules.features)
    return _Para(position, text, f, cls, rule)


def _rerate_below_header(paras: list[_Para], rules: BoilerplateRules) -> None:
    """A header-only pattern (a site's slogan) below the first prose paragraph
    is no chrome there: 'Le journal de bord de l'essai' is an intertitle."""
    first = next((i for i, p in enumerate(paras) if p.cls == GOOD), None)
    if first is None:
        return
    for i in range(first + 1, len(paras)):
        p = paras[i]
        if p.pattern is not None and p.pattern.header_only:
            paras[i] = _rate(p.position, p.text, rules, header=False)


def _rate_features(text: str, f: ParagraphFeatures, settings: FeatureSettings) -> tuple[str, str]:
    """Class (and rule, when bad) from the paragraph's features alone."""
    if f.words == 0:
        return BAD, "feature:no_words"
    if f.words == 1 and not f.ends_sentence and not f.spec_line:
        return BAD, "feature:single_word"
    if is_menu_line(text, settings):
        return BAD, "feature:menu_line"
    if (
        f.words >= 4
        and f.stopword_density <= settings.list_max_stopword_density
        and f.capitalised_share >= settings.list_min_capitalised_share
        and not f.ends_sentence
        and not f.spec_line
    ):
        return BAD, "feature:low_stopword_density"
    if f.words <= settings.caption_max_words and has_caption_credit(text, settings):
        return BAD, "feature:caption_credit"
    sentence = f.ends_sentence or f.list_item or f.introduces
    if f.words >= settings.prose_min_words:
        return GOOD, ""
    if f.words >= settings.good_min_words and f.stopword_density >= settings.good_min_stopword_density:
        return (GOOD if sentence else NEAR), ""
    if f.words > settings.short_max_words and f.ends_sentence:
        return GOOD, ""
    return SHORT, ""


def _drop_caption_alt_texts(paras: list[_Para]) -> None:
    """An image's alt text scraped next to its caption: the caption without its credit.

    'Le patron de Renault à Douai.' beside 'Le patron de Renault à Douai. ©
    Renault Group' is the same caption twice; the credited one goes by its
    pattern, the bare one is no sentence of the article either.
    """
    for i, p in enumerate(paras):
        if p.cls == BAD:
            continue
        key = fingerprint_text(p.text)
        if len(key.split()) < _ALT_TEXT_MIN_WORDS:
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(paras) or not (paras[j].cls == BAD and paras[j].inline):
                continue
            caption = fingerprint_text(paras[j].text)
            if caption != key and caption.startswith(key + " "):
                p.cls, p.rule = BAD, "feature:caption_alt_text"
                break


def _mark_repeats(paras: list[_Para]) -> None:
    """Paragraphs that repeat an earlier one word for word (or its cut-short
    beginning) will be dropped as duplicates: their neighbours must be
    judged as if they were not there, as they will be in the cleaned text."""
    seen: list[str] = []
    for p in paras:
        key = fingerprint_text(p.text)
        if key and (key in seen or (len(key.split()) >= 5 and any(o.startswith(key) for o in seen))):
            p.repeat = True
        seen.append(key)


def _drop_link_lists(paras: list[_Para], settings: FeatureSettings) -> None:
    """A bare label such as "Sommaire" or "Articles similaires" heads a list:
    the lines after it, up to the next prose paragraph, are its items (a
    linked headline ending with "?" or "!" is an item, not prose)."""
    in_list = False
    for p in paras:
        if p.cls == BAD:
            if p.pattern is not None and p.pattern.starts_list and p.f.words <= settings.list_label_max_words:
                in_list = True
            continue
        if in_list and not _ends_list(p, settings):
            p.cls, p.rule = BAD, "feature:link_list"
        else:
            in_list = False


def _ends_list(p: _Para, settings: FeatureSettings) -> bool:
    if p.cls != GOOD and not (p.f.prose_like and p.f.ends_sentence):
        return False
    text = p.text.strip()
    headline = p.f.words <= settings.headline_max_words and not _SENTENCE_BREAK.search(text)
    return not (headline and text[-1:] in "?!")


def _drop_after_article_end(paras: list[_Para]) -> None:
    """After tags or a comment form the article is over, unless more of the
    article follows than came before (such chrome near the top of a page)."""
    goods = [i for i, p in enumerate(paras) if p.cls == GOOD and not p.repeat]
    if not goods:
        return
    for end, p in enumerate(paras):
        if p.cls == BAD and p.pattern is not None and p.pattern.ends_article and end > goods[0]:
            before = sum(1 for g in goods if g < end)
            after = sum(1 for g in goods if g > end and not _signed_post(paras, end, g))
            if after < before:
                for q in paras[end + 1 :]:
                    if q.cls != BAD:
                        q.cls, q.rule = BAD, "feature:after_article_end"
            return


def _signed_post(paras: list[_Para], end: int, i: int) -> bool:
    """Below the article's end, is prose `i` a reader's post: right under a
    date line (a pseudo may stand between)? Readers' comments are no part
    of the article, however many there are."""
    for j in range(i - 1, end, -1):
        q = paras[j]
        if q.cls == BAD and q.pattern is not None and q.pattern.under_headline:
            return True
        if q.cls == GOOD or q.f.words > 3:
            return False
    return False


def _keep_cut_last_paragraph(paras: list[_Para], settings: FeatureSettings) -> None:
    """Pages are stored cut at a size limit: their last paragraph, cut in
    the middle of a sentence, is still the article's text when it follows
    the article's prose (directly, or after an intertitle)."""
    if not paras:
        return
    last = paras[-1]
    f = last.f
    if last.repeat or last.cls not in (NEAR, SHORT) or f.ends_sentence or not f.has_lowercase_word:
        return
    if f.words < settings.truncated_min_words or f.stopword_density < settings.good_min_stopword_density:
        return
    before = [p for p in paras[:-1] if not p.inline]
    if not before:
        return
    previous = before[-1]
    if previous.cls == GOOD:
        last.cls = GOOD
    elif (
        len(before) >= 2
        and previous.cls in (NEAR, SHORT)
        and previous.f.headline_like(settings.headline_max_words)
        and before[-2].cls == GOOD
    ):
        last.cls = GOOD


def _resolve(paras: list[_Para], settings: FeatureSettings) -> None:
    """Paragraphs that are not prose take their class from where they stand."""
    goods = [i for i, p in enumerate(paras) if p.cls == GOOD and not p.repeat]
    if not goods:
        for p in paras:
            if p.cls in (NEAR, SHORT):
                keep = p.f.words >= 4 and (p.f.prose_like or p.f.headline_like(settings.headline_max_words))
                if not keep:
                    p.cls, p.rule = BAD, "feature:no_prose"
        return
    first, last = goods[0], goods[-1]
    _resolve_header(paras, first, settings)
    for i in range(first + 1, last):
        if paras[i].cls in (NEAR, SHORT):
            _resolve_body(paras, i, settings)
    _resolve_tail(paras, last, settings)


def _resolve_header(paras: list[_Para], first: int, settings: FeatureSettings) -> None:
    """Before the first prose paragraph only the headline, and its standfirst, stay.

    The headline is the headline-like line closest above the byline or date
    block when the header has one, else closest above the first prose
    paragraph: pages put site names, menus, rubrics and teasers of other
    articles above the headline, never between it and its byline or text.
    Section labels, names, menus, teasers and author names go.
    """
    slots = _header_slots(paras[first], settings)
    candidates = [i for i in range(first) if _header_candidate(paras[i], settings)]
    bylines = [
        i for i in range(first)
        if paras[i].cls == BAD and paras[i].pattern is not None and paras[i].pattern.under_headline
    ]
    kept = _choose_header(candidates, bylines, paras, slots, settings)
    kept_texts = {fingerprint_text(paras[i].text) for i in kept}
    for i in range(first):
        p = paras[i]
        if p.cls == BAD or i in kept:
            continue
        if fingerprint_text(p.text) in kept_texts:
            continue  # the headline repeated: the repeat is for dedup to name
        name = p.f.words > settings.header_label_max_words and is_title_cased_name(p.text, settings)
        p.cls, p.rule = BAD, "feature:site_name" if name else "feature:short_header"


def _header_slots(lead: _Para, settings: FeatureSettings) -> int:
    """Lines that may stay above the first prose paragraph. When that
    paragraph is a single sentence it may be the headline itself: then no
    standfirst stays above it."""
    slots = settings.header_max_headlines
    if lead.f.words <= settings.headline_max_words and not _SENTENCE_BREAK.search(lead.text.strip()):
        slots -= 1
    return slots


def _header_candidate(p: _Para, settings: FeatureSettings) -> bool:
    """Could this header line be the headline? Not a label, not a name."""
    if p.cls == BAD or p.f.words <= settings.header_label_max_words:
        return False
    if not (p.f.headline_like(settings.headline_max_words) or (p.f.prose_like and p.f.words >= 4)):
        return False
    return not is_title_cased_name(p.text, settings)


def _choose_header(
    candidates: list[int], bylines: list[int], paras: list[_Para], slots: int, settings: FeatureSettings
) -> list[int]:
    """Positions that stay in the header: the headline, then maybe its standfirst."""
    if slots <= 0 or not candidates:
        return []
    headline = next((above[-1] for b in bylines if (above := [c for c in candidates if c < b])), None)
    if headline is None:
        headline = candidates[-1]
        if slots >= 2 and len(candidates) >= 2 and _standfirst(paras[headline], paras[candidates[-2]], settings):
            headline = candidates[-2]
    kept = [headline]
    below = [c for c in candidates if c > headline]
    if slots >= 2 and below and _standfirst(paras[below[0]], paras[headline], settings):
        kept.append(below[0])
    return kept


def _standfirst(line: _Para, headline: _Para, settings: FeatureSettings) -> bool:
    """Does `line` read as the standfirst of the headline above it?

    A standfirst says more than its headline: it is longer and reads as a
    phrase. A line longer than the short label above it is the headline
    under its kicker, not a standfirst: the line above must be a headline
    of full length itself, in sentence case (a menu whose spaces were
    collapsed is mostly capitalised words).
    """
    return (
        headline.f.words >= settings.good_min_words
        and headline.f.capitalised_share < settings.list_min_capitalised_share
        and line.f.words > headline.f.words
        and line.f.stopword_density >= settings.good_min_stopword_density
    )


def header_headline(texts: list[str], settings: FeatureSettings) -> int | None:
    """Position, in the kept paragraphs `texts`, of the headline the header walk kept.

    None when the text starts with its prose (or has none). Kept text has
    lost its bylines, so this reads the header as the walk would without
    them; the walk already dropped every line above a headline it anchored
    on a byline, so both agree and cleaning a clean text keeps its title.
    """
    paras = []
    for position, text in enumerate(texts):
        f = features_of(text)
        paras.append(_Para(position, text, f, _rate_features(text, f, settings)[0]))
    first = next((i for i, p in enumerate(paras) if p.cls == GOOD), None)
    if not first:
        return None
    candidates = [i for i in range(first) if _header_candidate(paras[i], settings)]
    kept = _choose_header(candidates, [], paras, _header_slots(paras[first], settings), settings)
    return kept[0] if kept else None


def _resolve_body(paras: list[_Para], i: int, settings: FeatureSettings) -> None:
    """Inside the article: short sentences and intertitles stay, stray chrome goes.

    An intertitle is a lone headline-like line followed by prose (captions
    and credits in between do not count); a run of such lines is a menu or
    a list of buttons.
    """
    p = paras[i]
    if p.f.prose_like or _in_announced_list(paras, i):
        return
    prose_follows = _prose_follows(paras, i)
    j = next((j for j in range(i - 1, -1, -1) if not paras[j].inline), None)
    in_run = (
        j is not None
        and paras[j].rated in (NEAR, SHORT)
        and not paras[j].f.prose_like
        and not _in_announced_list(paras, j)
    )
    if p.f.headline_like(settings.headline_max_words) and prose_follows and not in_run:
        return
    if p.f.words > settings.header_label_max_words and p.f.headline_like(settings.headline_max_words) and _byline_follows(paras, i):
        return  # a headline below page chrome that read as prose (a slogan, a notice)
    p.cls, p.rule = BAD, "feature:between_chrome"


def _prose_follows(paras: list[_Para], i: int) -> bool:
    """Is the next paragraph (captions and credits aside) prose, or a sentence or item of the text?"""
    following = next((q for q in paras[i + 1 :] if not q.inline), None)
    if following is None:
        return False
    return following.cls == GOOD or (following.rated in (NEAR, SHORT) and following.f.prose_like)


def _byline_follows(paras: list[_Para], i: int) -> bool:
    """Is the paragraph followed by a byline or date block, and then prose?"""
    j = i + 1
    seen_byline = False
    while j < len(paras) and paras[j].cls == BAD:
        pattern = paras[j].pattern
        if pattern is not None and pattern.under_headline:
            seen_byline = True
        elif not paras[j].inline:
            return False
        j += 1
    return seen_byline and j < len(paras) and paras[j].cls == GOOD


def _in_announced_list(paras: list[_Para], i: int) -> bool:
    """A bullet item of a list that a sentence of the article announces ("… :")."""
    if not _BULLET.match(paras[i].text):
        return False
    j = i - 1
    while j >= 0 and _BULLET.match(paras[j].text) and paras[j].cls != BAD:
        j -= 1
    return j >= 0 and paras[j].cls != BAD and paras[j].f.introduces and paras[j].f.has_lowercase_word


def _resolve_tail(paras: list[_Para], last: int, settings: FeatureSettings) -> None:
    """After the last prose paragraph the article may still close with short
    sentences, list items, or an intertitle over them; the first line that
    is none of these starts the page's chrome."""
    closing = True
    for i in range(last + 1, len(paras)):
        p = paras[i]
        if p.repeat:  # transparent, but a repeat in the tail is no part of the close
            if p.cls in (NEAR, SHORT):
                p.cls, p.rule = BAD, "feature:tail_chrome"
            continue
        if p.cls == BAD:
            closing = closing and p.inline
            continue
        if closing and p.f.prose_like and (p.f.stopword_density > 0 or p.f.spec_line):
            continue
        if closing and p.f.headline_like(settings.headline_max_words) and _prose_follows(paras, i):
            continue
        closing = False
        if p.cls in (NEAR, SHORT):
            p.cls, p.rule = BAD, "feature:tail_chrome"


def _matching_pattern(text: str, words: int, rules: BoilerplateRules, header: bool = True) -> CompiledPattern | None:
    """The first pattern, in the file's order, that matches the paragraph.

    A pattern whose regex requires a string the lower-case paragraph lacks
    cannot match and is not run (when the paragraph's letters lower-case as
    the regex engine folds them, see `regex_gate.CASE_UNSURE`). Anchored patterns skip
    that gate: `re` tries them at the start alone, which fails faster than
    the strings are looked for. A pattern of several alternatives is searched
    one alternative at a time, each behind its own gate: a paragraph with
    'plus' in it is searched for the alternative that needs 'plus' alone.
    """
    lower = text.lower()
    contains = lower.__contains__
    sure = not CASE_UNSURE.search(text)
    for pattern in rules.patterns:
        if pattern.max_words is not None and words > pattern.max_words:
            continue
        if pattern.header_only and not header:
            continue
        if pattern.keywords and not any(map(contains, pattern.keywords)):
            continue
        if sure and not pattern.anchored and pattern.required and not any(map(contains, pattern.required)):
            continue
        if not pattern.branches:
            if pattern.regex.search(text):
                return pattern
            continue
        for branch in pattern.branches:
            if sure and not branch.anchored and branch.required and not any(map(contains, branch.required)):
                continue
            if branch.regex.search(text):
                return pattern
    return None
