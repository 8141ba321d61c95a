"""Stage 5 — repair: undo slips of machine translation, spinning and sloppy copy.

Every change is logged as a `Repair` (kind, rule, before, after, context).
The rules, in the order they run on each kept paragraph:

- glued: a known name stuck to a French function word or a title
  ('Teslala' → 'Tesla la', 'dontBMW' → 'dont BMW', 'CrunchPDG' → 'Crunch PDG',
  'Air Liquidedans' → 'Air Liquide dans'), a frequent French word stuck
  before a known name ('constructeurScania'), or a name or known acronym
  stuck to the auxiliary 'a' before a past participle ('Teslaa annoncé',
  'BYDa signé');
- glossary: known slips from `data/glossary.yaml` and the knowledge base's
  `mistranslations`, on word boundaries ('Basic Motors' → 'General Motors');
  then any English name of the knowledge base translated or spun word by
  word, found from the glossary's `name_translation` dictionary ('Groupe
  Moteur Hyundai' → 'Hyundai Motor Group', 'Twitter Rooms' → 'Twitter
  Spaces'), when written as a name;
- calques: French words in an English sense, only in the context that shows
  it ('le quatrième quart 2024' → 'trimestre', 'une expérience sans couture'
  → 'fluide'); brand and model names translated as French words, only next
  to a brand, a car noun or a model designation ('la berline Phoque' →
  'Seal', 'Jeep, Bélier et Dodge' → 'Ram');
- template: leftovers of templates ('{dollars}' → 'dollars', "d’{euros}");
- name: a capitalised word one letter away from a person or company name the
  article writes elsewhere ('Musc' → 'Musk'), from a known company in a list
  of known companies ('Kya' → 'Kia'), or an acronym of the article with two
  letters swapped ('NCAS' → 'NACS');
- english: English words left in French text, found by word statistics
  (wordfreq); replaced from the English→French glossary when it knows them
  (adjectives agreed with the noun before them: 'une adoption plus huge' →
  'plus importante'; nouns with the singular determiner right before them,
  the determiner changed too when no rendering agrees: 'ce move' → 'ce
  choix', 'le factory' → "l'usine"), otherwise only reported (before ==
  after) so users can extend it; a known English connective opening a
  sentence ('However, …' → 'Cependant, …');
- typo: a rare word one sound-alike edit (accent, 'an'/'en', doubled
  consonant) away from a far more frequent French word; a capitalised
  unknown word one such edit or one swap from a known place ('Hongire');
- grammar: 'vient de confirmé' → 'vient de confirmer'; a participle used as
  a noun after a determiner ('le fabriquant' → 'le fabricant');
- punctuation and spacing: ',.' → '.', 'Mercedes-Benz. ont' → 'Mercedes-Benz
  ont', "qu' il" → "qu'il", 'le pays,nous' → 'le pays, nous'.
A rule never fires on a word it is unsure of: correct French must come out
unchanged, and repairing repaired text changes nothing (tests/test_repair.py).
All thresholds are in the `settings` section of the glossary.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from rapidfuzz.distance import DamerauLevenshtein

from pipeline.config import load_data_file
from pipeline.knowledge import KnowledgeBase
from pipeline.models import KEEP, Repair, Segment
from pipeline.regex_gate import may_contain_one, required_literals
from pipeline.stop_words import FRENCH_STOP_WORDS as STOP_WORDS


class Replacement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    wrong: str
    right: str
    case_sensitive: bool = True
    # 'constructeur car' is a slip, 'le constructeur car il…' is French: skip
    # the replacement when a French function word follows it.
    not_before_function_word: bool = False
    # An English phrase ('supply chain') is left inside an English passage
    # kept on purpose (a quoted tweet), as single English words are.
    english: bool = False
    # A place's English name ('Lisbon') is rewritten only when it stands alone,
    # not inside a longer name ('China Automobile Association', 'BMW North America').
    alone: bool = False
    note: str = ""


class RepairSettings(BaseModel):
    """Thresholds of the statistical rules (wordfreq Zipf scale: 7 = 'de', 3 = rare)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    english_min_length: int = Field(4, ge=2)
    english_min_zipf_en: float = 3.5
    english_max_zipf_fr: float = 3.0
    english_min_margin: float = 1.5
    # A word the English→French glossary knows is English already: looser gates
    # ('move', 'rollout'), the margin still applies.
    english_known_min_zipf_en: float = 2.0
    english_known_max_zipf_fr: float = 3.5
    english_known_min_margin: float = 1.0
    typo_min_length: int = Field(7, ge=4)
    typo_max_zipf_fr: float = 2.0
    typo_max_zipf_en: float = 2.0
    typo_min_candidate_zipf_fr: float = 4.0
    typo_unseen_min_candidate_zipf_fr: float = 3.5
    name_min_length: int = Field(4, ge=3)
    list_name_min_length: int = Field(3, ge=2)
    name_max_zipf: float = 3.0
    glued_max_zipf: float = 1.0
    glued_min_function_zipf: float = 5.5
    glued_min_name_length: int = Field(3, ge=2)
    infinitive_min_zipf_fr: float = 3.0
    elision_min_zipf_fr: float = 3.0
    template_min_zipf: float = 3.0
    glued_verb_min_name_length: int = Field(4, ge=2)
    glued_verb_min_acronym_length: int = Field(3, ge=2)
    glued_min_word_length: int = Field(4, ge=2)
    glued_min_word_zipf: float = 3.0
    participle_min_zipf_fr: float = 3.0


class AgreedWord(BaseModel):
    """French forms of an English adjective: `default` agrees with both genders."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    default: str
    m: str
    f: str
    mp: str | None = None
    fp: str | None = None

    def form(self, gender: str | None, plural: bool) -> str:
        if gender == "m":
            return (self.mp or _plural(self.m)) if plural else self.m
        if gender == "f":
            return (self.fp or _plural(self.f)) if plural else self.f
        return _plural(self.default) if plural else self.default


class NounWord(BaseModel):
    """French renderings of an English noun by gender, so the determiner before it agrees.

    'ce move' must read 'ce choix', 'sa move' 'sa décision': the rendering of
    the determiner's gender is written when the glossary has one. A single
    form (`{m: financement}`) just gives the rendering's gender.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    m: str | None = None
    f: str | None = None
    # Written when the determiner gives no gender ('un nouveau move', 'leur
    # move'); default the masculine form: French makes loanwords masculine
    # ('le move'), so the words around it agree with a masculine noun.
    usual: str | None = None

    @model_validator(mode="after")
    def _has_a_form(self) -> NounWord:
        if not (self.m or self.f):
            raise ValueError("a noun needs an 'm' or an 'f' rendering")
        return self

    @property
    def unsure(self) -> str:
        return self.usual or self.m or self.f or ""

    def form(self, gender: str | None) -> tuple[str, str | None]:
        """The rendering for a determiner of this gender, and the rendering's own gender."""
        if gender == "f" and self.f:
            return self.f, "f"
        if gender == "m" and self.m:
            return self.m, "m"
        usual = self.unsure
        return usual, "m" if usual == self.m else "f" if usual == self.f else None


class Agreement(BaseModel):
    """Cues to the gender and number of the noun an adjective describes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    masculine: list[str] = []
    feminine: list[str] = []
    singular: list[str] = []
    plural: list[str] = []
    adverbs: list[str] = []
    feminine_endings: list[str] = []
    masculine_endings: list[str] = []
    feminine_nouns: list[str] = []
    masculine_nouns: list[str] = []
    # Singular determiners an English noun's rendering agrees with, one row per
    # kind: the forms before a masculine consonant, a masculine vowel, a
    # feminine consonant, a feminine vowel ([ce, cet, cette, cette]).
    noun_determiners: list[tuple[str, str, str, str]] = []


class NameTranslation(BaseModel):
    """How English knowledge-base names get translated or spun word by word."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: list[str] = []
    words: dict[str, list[str]] = {}
    heads: list[str] = []
    places: list[str] = []
    connectives: list[str] = []
    synonyms: dict[str, list[str]] = {}
    suffixes: list[str] = []
    max_variants_per_form: int = Field(400, ge=1)
    distinctive_max_zipf_fr: float = 4.0
    min_words_without_distinctive: int = Field(3, ge=2)


class Calque(BaseModel):
    """A French word used in an English sense, replaced only in the context that shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    wrong: str
    right: str
    right_plural: str | None = None
    after: list[str] = Field(min_length=1)  # the word right before it must be one of these
    before: str | None = None  # what follows it must match this regex
    note: str = ""

    @field_validator("before")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    replacements: list[Replacement] = []
    english: dict[str, str | AgreedWord | NounWord] = {}
    agreement: Agreement = Agreement()
    participle_endings: list[str] = []
    participle_function_words: list[str] = []
    adverbs_before_participle: list[str] = []
    name_translation: NameTranslation = NameTranslation()
    title_acronyms: list[str] = []
    abbreviations: list[str] = []
    continuation_words: list[str] = []
    participle_nouns: dict[str, str] = {}
    determiners: list[str] = []
    calques: list[Calque] = []
    brand_translations: dict[str, str] = {}
    car_nouns: list[str] = []
    settings: RepairSettings = RepairSettings()


@dataclass(frozen=True)
class RepairRule:
    kind: str
    name: str
    pattern: re.Pattern[str]
    right: str
    not_before_function_word: bool = False
    key: str = ""  # a word the slip contains, lower case: a paragraph without it is skipped cheaply
    english: bool = False  # an English phrase: left alone near English function words
    alone: bool = False  # only when no capitalised word touches it (not part of a longer name)
    # The slip as written, when matched case-sensitively: a paragraph that does
    # not contain it is skipped without a regular expression.
    literal: str = ""


@dataclass(frozen=True)
class Repairer:
    """Everything the repair rules need, built once per run."""

    rules: tuple[RepairRule, ...]
    glossary: GlossaryFile = field(default_factory=GlossaryFile)
    names: frozenset[str] = frozenset()  # single-token surface forms of the knowledge base, as written
    distinctive: frozenset[str] = frozenset()  # person / company names a misspelling can be traced to
    acronyms: frozenset[str] = frozenset()  # all-capital names of any type
    org_names: frozenset[str] = frozenset()  # every surface form of a company (lists of companies)
    org_words: frozenset[str] = frozenset()  # single-token company names (candidates in a list)
    forms: frozenset[str] = frozenset()  # every surface form of the knowledge base
    glue_words: frozenset[str] = frozenset()  # frequent French function words ('la', 'qui', 'dont')
    participles: re.Pattern[str] | None = None
    name_index: NameIndex | None = None  # names translated or spun word by word
    noun_determiner: re.Pattern[str] | None = None  # a singular gendered determiner ending the text before a word
    determiner_forms: dict[str, tuple[tuple[str, str, str, str], str]] = field(default_factory=dict)  # 'cet' → (row, 'm')
    places: frozenset[str] = frozenset()  # single-word place names of the knowledge base ('Hongrie')
    # The last word of a name of several words, with the words before it: 'Liquide' → ('Air',)
    name_tails: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    # Strings one of which every match of `participles` contains: the rule is skipped on other paragraphs
    participle_words: tuple[str, ...] = ()


_FUNCTION_WORDS = frozenset(w for w in STOP_WORDS if w.isalpha() and 2 <= len(w) <= 5)
# English function words that are no French words: near them, a passage is
# English on purpose (a quoted tweet, 'made in China'), not a slip.
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and in for to with is was were by from at be been this that these those it its not you we our your my"
    " they their he she his her which who will would has have had can more".split()
)
_ENGLISH_WINDOW = 6  # words on each side of a candidate English word
_PRONOUN_CONTEXT = frozenset({"en", "ne", "n'", "n’", "y"})  # 'en le fabriquant': a pronoun, not a determiner
_PRONOUN_DETERMINERS = frozenset({"le", "la", "les", "l'", "l’", "leur"})


def load_glossary(path: Path) -> GlossaryFile:
    return load_data_file(path, GlossaryFile)


def build_repairer(glossary: GlossaryFile, kb: KnowledgeBase) -> Repairer:
    """Compile glossary and knowledge-base slips into word-boundary rules and name indexes."""
    rules: list[RepairRule] = []
    for item in glossary.replacements:
        flags = 0 if item.case_sensitive else re.IGNORECASE
        rules.append(
            RepairRule(
                "glossary",
                item.wrong,
                _word_pattern(item.wrong, flags),
                item.right,
                item.not_before_function_word,
                _key_word(item.wrong),
                item.english,
                item.alone,
                item.wrong if item.case_sensitive else "",
            )
        )
    for entry in kb.entries:
        for wrong in entry.mistranslations:
            rules.append(
                RepairRule("glossary", f"kb:{entry.id}", _word_pattern(wrong, 0), entry.name, key=_key_word(wrong), literal=wrong)
            )
    # Longest first, so a long slip is fixed before a shorter one inside it.
    rules.sort(key=lambda rule: (-len(rule.pattern.pattern), rule.name))

    settings = glossary.settings
    names: set[str] = set()
    distinctive: set[str] = set()
    acronyms: set[str] = set()
    org_names: set[str] = set()
    org_words: set[str] = set()
    for entry in kb.entries:
        forms = entry.surface_forms
        names.update(form for form in forms if " " not in form and len(form) >= 2)
        clear = [form for form in [entry.name, *entry.aliases] if " " not in form]
        acronyms.update(form for form in clear if len(form) >= 3 and form.isupper() and form.isalpha())
        if entry.type == "PER":
            surname = entry.name.split()[-1]
            clear.append(surname)
            names.add(surname)
        if entry.type in ("PER", "ORG"):
            distinctive.update(f for f in clear if len(f) >= settings.name_min_length and not f.isupper())
        if entry.type == "ORG":
            org_names.update(forms)
            org_words.update(f for f in clear if len(f) >= settings.list_name_min_length)
    participles = None
    if glossary.participle_nouns and glossary.determiners:
        determiners = "|".join(sorted(map(re.escape, glossary.determiners), key=len, reverse=True))
        words = "|".join(sorted(map(re.escape, glossary.participle_nouns), key=len, reverse=True))
        participles = re.compile(
            rf"(?<![\w’'])((?:{determiners})\s+|[lL]['’])({words})(?![\w’'-])", re.IGNORECASE
        )
    return Repairer(
        tuple(rules),
        glossary,
        frozenset(names),
        frozenset(distinctive),
        frozenset(acronyms),
        frozenset(org_names),
        frozenset(org_words),
        frozenset(form for entry in kb.entries for form in entry.surface_forms),
        frozenset(w for w in _FUNCTION_WORDS if zipf_fr(w) >= settings.glued_min_function_zipf),
        participles,
        build_name_index(glossary.name_translation, kb),
        *_noun_determiners(glossary.agreement),
        frozenset(form for entry in kb.entries if entry.type == "LOC" for form in entry.surface_forms if form.isalpha()),
        _name_tails(kb),
        required_literals(participles.pattern) if participles is not None else (),
    )


def _name_tails(kb: KnowledgeBase) -> dict[str, frozenset[tuple[str, ...]]]:
    """The capitalised last word of each name of several words, with the words before it."""
    tails: dict[str, set[tuple[str, ...]]] = {}
    for entry in kb.entries:
        for form in entry.surface_forms:
            *head, last = form.split(" ")
            if head and last[:1].isupper() and last.isalpha():
                tails.setdefault(last, set()).add(tuple(head))
    return {last: frozenset(heads) for last, heads in tails.items()}


def _noun_determiners(cues: Agreement) -> tuple[re.Pattern[str] | None, dict[str, tuple[tuple[str, str, str, str], str]]]:
    """The determiners a noun rendering agrees with, each with its row of forms and its gender.

    Elided forms ("l'", "de l'") are written, never read: the English word
    after them is not a candidate. A determiner may follow an elided word
    ("d'un", "jusqu'au"), not a hyphen ('donne-le': a pronoun). 'son' reads
    as masculine ('son move'), its feminine use before a vowel being the
    same form.
    """
    forms: dict[str, tuple[tuple[str, str, str, str], str]] = {}
    for row in cues.noun_determiners:
        for i, form in enumerate(row):
            if not form.endswith(("'", "’")):
                forms.setdefault(form, (row, "m" if i < 2 else "f"))
    if not forms:
        return None, forms
    alternatives = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})([ \u00a0\u202f])$", re.IGNORECASE), forms


def _word_pattern(phrase: str, flags: int) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", flags)


_LETTERS = re.compile(r"[^\W\d_]+")


def _key_word(phrase: str) -> str:
    found = _LETTERS.search(phrase)
    return found.group(0).lower() if found else ""


def _words_in(text: str) -> set[str]:
    return {word.lower() for word in _LETTERS.findall(text)}


def repair_segments(segments: list[Segment], repairer: Repairer) -> tuple[list[Segment], list[Repair]]:
    """Repair the kept segments; the others stay as they were scraped.

    The name rule needs the names the whole article writes. A name fixed in
    one paragraph ('Kya' → 'Kia' in a list) is then written by the article,
    so the kept text is repaired again until nothing changes: repairing the
    result a second time must be a no-op.
    """
    texts = {seg.index: seg.text for seg in segments if seg.action == KEEP}
    repairs: list[Repair] = []
    for _ in range(3):
        article_names = _names_written("\n".join(texts.values()), repairer)
        changed = False
        for index, text in texts.items():
            fixed, found = repair_text(text, index, repairer, article_names)
            repairs.extend(found)
            if fixed != text:
                texts[index], changed = fixed, True
        if not changed or _names_written("\n".join(texts.values()), repairer) == article_names:
            break
    repaired = [
        Segment(seg.index, texts[seg.index], seg.action, seg.rule, seg.duplicate_of) if seg.action == KEEP else seg
        for seg in segments
    ]
    return repaired, _drop_repeated_reports(repairs)


def _drop_repeated_reports(repairs: list[Repair]) -> list[Repair]:
    """A second pass reports the English words it leaves again: keep one row each."""
    seen: set[tuple[int, str, str, str]] = set()
    kept: list[Repair] = []
    for item in repairs:
        key = (item.paragraph, item.kind, item.before, item.context)
        if item.before == item.after and key in seen:
            continue
        seen.add(key)
        kept.append(item)
    return kept


def repair_text(
    text: str, paragraph: int, repairer: Repairer, article_names: frozenset[str] = frozenset()
) -> tuple[str, list[Repair]]:
    """Apply every rule to one paragraph, in a fixed order."""
    log: list[Repair] = []
    text = _split_glued(text, paragraph, repairer, log)
    # Dozens of glossary rules, few of which can match a given paragraph: a
    # case-sensitive slip must be in the text as written; another must have its
    # key among the text's words (read only when such a rule is asked, and not
    # at all when an ASCII key is not even in the lower-case text).
    words: set[str] | None = None
    lowered: str | None = None
    for rule in repairer.rules:
        if rule.literal:
            if rule.literal not in text:
                continue
        elif rule.key:
            if rule.key.isascii():
                if lowered is None:
                    lowered = text.lower()
                if rule.key not in lowered:
                    continue
            if words is None:
                words = _words_in(text)
            if rule.key not in words:
                continue
        fixed = _sub(text, paragraph, rule.pattern, _glossary_replacement(rule), rule.kind, rule.name, log)
        if fixed != text:
            text, words, lowered = fixed, None, None
    text = _fix_calques(text, paragraph, repairer, log)
    text = _fix_brand_translations(text, paragraph, repairer, log)
    text = _fix_translated_names(text, paragraph, repairer, log)
    text = _fix_templates(text, paragraph, repairer, log)
    text = _fix_names(text, paragraph, repairer, article_names, log)
    text = _fix_english(text, paragraph, repairer, log)
    text = _fix_english_openers(text, paragraph, repairer, log)
    text = _fix_typos(text, paragraph, repairer, log)
    text = _fix_grammar(text, paragraph, repairer, log)
    text = _fix_punctuation(text, paragraph, repairer, log)
    return text, log


def _sub(text, paragraph, pattern, replacement, kind, name, log) -> str:  # type: ignore[no-untyped-def]
    def substitute(match: re.Match[str]) -> str:
        after = replacement(match)
        if after != match.group(0):
            log.append(Repair(paragraph, kind, name, match.group(0), after, _context(text, match.start(), match.end())))
        return after

    return pattern.sub(substitute, text)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    return text[max(0, start - width) : end + width]


_SPACE_THEN_WORD = re.compile(r" ([^\W\d_][\w’'-]*)")


def _next_word(text: str, end: int) -> str:
    """The word right after position `end`, past one space; '' if punctuation comes first."""
    match = _SPACE_THEN_WORD.match(text, end)  # from `end`, without copying the rest of the text
    return match.group(1) if match else ""


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"([^\W\d_][\w’'-]*) $", text[:start])
    return match.group(1) if match else ""


def _glossary_replacement(rule: RepairRule):  # type: ignore[no-untyped-def]
    def replace(match: re.Match[str]) -> str:
        if rule.english and _in_english_passage(match.string, match.start(), match.end()):
            return match.group(0)
        if rule.alone and _touches_a_name(match.string, match.start(), match.end()):
            return match.group(0)
        if rule.not_before_function_word:
            following = _next_word(match.string, match.end()).lower()
            if following in STOP_WORDS or following.split("’")[0].split("'")[0] + "'" in STOP_WORDS:
                return match.group(0)
        return rule.right

    return replace


_NEXT_WORD = re.compile(r"[ \u00a0]+([^\W\d_])")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[ \u00a0]+$")


def _touches_a_name(text: str, start: int, end: int) -> bool:
    """A capitalised word right before or after: the span is part of a longer name
    ('BMW North America'); a capitalised function word opening the sentence
    ('En Germany') is no name."""
    after = _NEXT_WORD.match(text, end)
    if after is not None and after.group(1).isupper():
        return True
    before = _PREVIOUS_WORD.search(text[max(0, start - 40) : start])
    return before is not None and before.group(1)[0].isupper() and before.group(1).lower() not in STOP_WORDS


# --- glued words -----------------------------------------------------------

_GLUED_CANDIDATE = re.compile(r"(?<![\w’'-])([^\W\d_]{4,})(?![\w’'-])")


def _split_glued(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """Split a token that is no word into a known name and a function word or title.

    The test is general: one side must be a knowledge-base name written
    with its exact case (or a title acronym), the other a French function
    word; a token that is a word of its own (in French or English) is
    never split.
    """
    titles = set(repairer.glossary.title_acronyms)
    settings = repairer.glossary.settings
    limit = repairer.glossary.settings.glued_max_zipf
    shortest = repairer.glossary.settings.glued_min_name_length
    glue = repairer.glue_words

    def whole(word: str) -> bool:
        return _whole_word(word, repairer.names, limit)

    def split(match: re.Match[str]) -> str:
        word = match.group(1)
        if whole(word):
            return word
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            known_left = left in repairer.names or _ends_a_name(left, text, match.start(), repairer)
            name_then_word = len(left) >= shortest and known_left and right in glue and right.islower()
            word_then_name = (
                (left in glue or _frequent_word(left, settings))
                and left.islower()
                and right[0].isupper()
                and (right in repairer.names or right in titles)
            )
            name_then_title = right in titles and left[0].isupper() and left[-1].islower()
            if name_then_word or word_then_name or name_then_title:
                after = f"{left} {right}"
                log.append(Repair(paragraph, "glued", "name_and_word", word, after, _context(text, match.start(), match.end())))
                return after
        if word.endswith("a") and _glued_to_verb_a(word[:-1], text, match.end(), repairer):
            after = f"{word[:-1]} a"
            log.append(Repair(paragraph, "glued", "name_and_verb_a", word, after, _context(text, match.start(), match.end())))
            return after
        return word

    def split_hyphenated(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in repairer.names:
            return word
        hyphenated = _hyphenated_names(repairer.names)
        for cut in range(len(word), 0, -1):  # the longest name first
            name, rest = word[:cut], word[cut:]
            if name in hyphenated and rest in glue and rest.islower():
                after = f"{name} {rest}"
                log.append(Repair(paragraph, "glued", "name_and_word", word, after, _context(text, match.start(), match.end())))
                return after
        return word

    # Most words are whole: they are told apart once per distinct word, and
    # only the others are tried for a cut.
    names = repairer.names
    suspects = {word for word in set(_GLUED_CANDIDATE.findall(text)) - names if not _whole_word(word, names, limit)}
    if suspects:
        text = _GLUED_CANDIDATE.sub(lambda match: split(match) if match.group(1) in suspects else match.group(1), text)
    return _HYPHENATED_CANDIDATE.sub(split_hyphenated, text) if "-" in text else text


@lru_cache(maxsize=65536)
def _whole_word(word: str, names: frozenset[str], limit: float) -> bool:
    """A name, or a word of its own in a regular case: never split, whatever stands around it.

    Memoised: the same words come back in every paragraph (a frozenset
    caches its hash, and is compared by identity first).
    """
    if word in names:
        return True
    regular_case = word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
    return regular_case and _common_in_either(word.lower()) >= limit


def _ends_a_name(word: str, text: str, start: int, repairer: Repairer) -> bool:
    """Is `word` the last word of a known name whose other words stand right before it ('Air Liquide')?"""
    heads = repairer.name_tails.get(word)
    if not heads:
        return False
    before = text[:start]
    return any(before.endswith(" ".join(head) + " ") for head in heads)


def _frequent_word(word: str, settings: RepairSettings) -> bool:
    """A frequent French word, long enough not to be a piece of a brand ('constructeur', not 'e' of 'eCitaro')."""
    return len(word) >= settings.glued_min_word_length and zipf_fr(word) >= settings.glued_min_word_zipf


# 'Mercedes-Benzet': a hyphenated name with a function word glued to its end
_HYPHENATED_CANDIDATE = re.compile(r"(?<![\w’'-])([^\W\d_]+(?:-[^\W\d_]+)+)(?![\w’'-])")


@lru_cache(maxsize=4)
def _hyphenated_names(names: frozenset[str]) -> frozenset[str]:
    """The knowledge base's hyphenated names (read once per run): a word's prefixes are looked up in them."""
    return frozenset(n for n in names if "-" in n)


# --- names translated or spun word by word ----------------------------------------

_NAME_TOKEN = re.compile(r"[^\W_]+")
# What may stand between two words of a name: spaces, one hyphen or apostrophe.
_NAME_GAP = re.compile(r"[ \u00a0\u202f]*[-'’]?[ \u00a0\u202f]*")
_MAX_SKIPPED = 2  # connectives skipped in a row inside a rendering ('de la')

# How each word of a rendering relates to the English name:
_KEPT = "kept"  # a word the translation keeps (Hyundai, Amperex)
_SAME = "same"  # an English word, or a French word spelt the same (solution)
_CHANGED = "changed"  # a translated or spun word, lower case in French prose
_PROPER = "proper"  # a translated word French always capitalises (Amérique)


@dataclass(frozen=True)
class NameVariant:
    """One wrong rendering of a knowledge-base name, and the name to write back."""

    rule: str  # kb_word_by_word:<id> or kb_spun:<id>
    right: str  # the English form it renders
    marks: tuple[str, ...]  # one per word of the rendering, connectives left out
    distinctive: bool  # keeps a word that only this name has (Hyundai, Amperex)


@dataclass(frozen=True)
class NameIndex:
    """Renderings by their folded words: a word trie, walked once per paragraph.

    Each node maps a folded word to the next node; the key '' holds the
    rendering that ends there. Built once per run, never mutated.
    """

    trie: dict = field(repr=False)
    connectives: frozenset[str] = frozenset()
    min_words: int = 3
    heads: frozenset[str] = frozenset()  # 'Systèmes Kelda': a head noun French translates in names


@dataclass(frozen=True)
class _Option:
    """One way to write a unit of a name: its words, their marks, and whether it is a real slip."""

    words: tuple[str, ...]
    marks: tuple[str, ...]
    slip: bool  # translates a word French keeps in names (not a head, not a place)


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Accent- and case-insensitive key of a word ('Énergétique' → 'energetique'); memoised."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def build_name_index(settings: NameTranslation, kb: KnowledgeBase) -> NameIndex | None:
    """Every word-by-word translation and spun form of the English KB names, in one trie.

    A rendering is kept only when it is a slip for sure: it changes a word
    French keeps in names, it is no correct form of any entry, one entity
    only yields it, and it keeps a distinctive word of the name or is long.
    """
    if not settings.words and not settings.synonyms:
        return None
    connectives = frozenset(fold(w) for w in settings.connectives)
    correct = {_name_key(form, connectives) for entry in kb.entries for form in entry.surface_forms}
    found: dict[tuple[str, ...], NameVariant] = {}
    owners: dict[tuple[str, ...], set[str]] = {}
    categories = set(settings.categories)
    # Single-word names of the knowledge base (not the ordinary words listed as ambiguous).
    name_words = frozenset(form for entry in kb.entries for form in [entry.name, *entry.aliases] if " " not in form)
    for entry in kb.entries:
        if entry.type in ("PER", "LOC") or (categories and entry.category not in categories):
            continue
        own_words = name_words | {form for form in entry.surface_forms if " " not in form}
        for form in [entry.name, *entry.aliases]:
            units = _name_units(form, settings, connectives)
            if units is None:
                continue
            for rule, options in (
                (f"kb_word_by_word:{entry.id}", _translations(units, settings)),
                (f"kb_spun:{entry.id}", _spun(units, settings)),
            ):
                for option in options:
                    key = tuple(fold(w) for w in option.words)
                    if not option.slip or len(key) < 2 or key in correct:
                        continue
                    owners.setdefault(key, set()).add(entry.id)
                    distinctive = any(
                        mark == _KEPT and _distinctive(word, settings, own_words)
                        for word, mark in zip(option.words, option.marks)
                    )
                    found.setdefault(key, NameVariant(rule, form, option.marks, distinctive))
    trie: dict = {}
    for key, variant in found.items():
        if len(owners[key]) > 1:
            continue  # two entities render the same way: no way to tell which one
        node = trie
        for word in key:
            node = node.setdefault(word, {})
        node[""] = variant
    return NameIndex(trie, connectives, settings.min_words_without_distinctive, frozenset(fold(h) for h in settings.heads))


def _name_key(form: str, connectives: frozenset[str]) -> tuple[str, ...]:
    return tuple(key for key in map(fold, _NAME_TOKEN.findall(form)) if key not in connectives)


Unit = tuple[tuple[str, ...], str | None]  # English words, and their key in `words` (None: kept as is)


def _name_units(form: str, settings: NameTranslation, connectives: frozenset[str]) -> list[Unit] | None:
    """Split an English name into dictionary units and kept words; None if it is no English name.

    English capitalises every word of a name: a form with a lower-case word
    is French ('groupe Hyundai', 'standard NACS') and is left alone.
    """
    words = [w for w in _NAME_TOKEN.findall(form) if fold(w) not in connectives]
    if len(words) < 2 or any(w[0].islower() for w in words):
        return None
    longest = max((len(key.split()) for key in settings.words), default=1)
    units: list[Unit] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(fold(w) for w in words[i : i + size])
            if key in settings.words or (size == 1 and key in settings.synonyms):
                units.append((tuple(words[i : i + size]), key))
                i += size
                break
        else:
            units.append(((words[i],), None))
            i += 1
    if all(key is None for _, key in units):
        return None
    return units


def _translations(units: list[Unit], settings: NameTranslation) -> list[_Option]:
    """Word-by-word French renderings, in the English order and in French orders.

    French puts adjectives and complements after the noun: each run of
    translated words reversed ('LG Solution Énergétique'), a name's own
    words moved after its translated words ('Groupe Moteur Hyundai'), a
    head noun moved first ('Groupe Hyundai Moteur').
    """
    n = len(units)
    known = [key in settings.words for _, key in units]
    orders = [list(range(n))]
    runs: list[int] = []
    i = 0
    while i < n:
        j = i
        while j < n and known[j]:
            j += 1
        runs.extend(reversed(range(i, j)) if j > i else [i])
        i = max(j, i + 1)
    orders.append(runs)
    prefix = known.index(True) if any(known) else 0
    if prefix and all(known[prefix:]):
        orders.append([*reversed(range(prefix, n)), *range(prefix)])
    if known[-1] and units[-1][1] in settings.heads:
        orders.append([n - 1, *range(n - 1)])
    out: list[_Option] = []
    seen: set[tuple[int, ...]] = set()
    for order in orders:
        if tuple(order) in seen:
            continue
        seen.add(tuple(order))
        english_kept = order == list(range(n))  # a partial translation keeps the English order
        choices = [_unit_options(units[k], settings, english_kept) for k in order]
        out.extend(_combine(choices, settings.max_variants_per_form))
    return out


def _unit_options(unit: Unit, settings: NameTranslation, english_kept: bool) -> list[_Option]:
    words, key = unit
    if key is None or key not in settings.words:
        return [_Option(words, (_KEPT,) * len(words), False)]
    english = " ".join(fold(w) for w in words)
    slip = key not in settings.heads and key not in settings.places
    # Left in English beside a translated word, it is kept as a name is ('Scout Moteurs'):
    # distinctive when it is a name of the knowledge base or rare in French.
    options = [_Option(words, (_KEPT,) * len(words), False)] if english_kept else []
    for french in settings.words[key]:
        tokens = tuple(w for w in _NAME_TOKEN.findall(french) if fold(w) not in _FRENCH_CONNECTIVES)
        if " ".join(map(fold, tokens)) == english:
            options.append(_Option(tokens, (_SAME,) * len(tokens), False))
        else:
            marks = tuple(_PROPER if w[0].isupper() else _CHANGED for w in tokens)
            options.append(_Option(tokens, marks, slip))
    return options


_FRENCH_CONNECTIVES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l"})


def _spun(units: list[Unit], settings: NameTranslation) -> list[_Option]:
    """The English name with words swapped for synonyms, as spinning software writes it."""
    choices: list[list[_Option]] = []
    for words, key in units:
        mark = _SAME if key in settings.words else _KEPT
        same = _Option(words, (mark,) * len(words), False)
        synonyms = settings.synonyms.get(key or "", []) if len(words) == 1 else []
        spun = [_Option((_same_case(s, words[0]),), (_CHANGED if words[0][0].isupper() else _SAME,), True) for s in synonyms]
        choices.append([same, *spun])
    return _combine(choices, settings.max_variants_per_form)


def _same_case(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _combine(choices: list[list[_Option]], limit: int) -> list[_Option]:
    """Each way to pick one option per unit, joined; at most `limit`."""
    out = []
    for picked in itertools.islice(itertools.product(*choices), limit):
        out.append(
            _Option(
                tuple(w for option in picked for w in option.words),
                tuple(m for option in picked for m in option.marks),
                any(option.slip for option in picked),
            )
        )
    return out


def _distinctive(word: str, settings: NameTranslation, own_words: frozenset[str]) -> bool:
    """A kept word that is a name of the knowledge base (Hyundai, Twitter) or no common French word (Amperex)."""
    key = fold(word)
    if len(key) < 2 or key.isdigit() or key in settings.suffixes:
        return False
    return word in own_words or zipf_fr(key) < settings.distinctive_max_zipf_fr


def _fix_translated_names(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """'Groupe Moteur Hyundai' → 'Hyundai Motor Group': the longest rendering, checked in context."""
    index = repairer.name_index
    if index is None or not index.trie:
        return text
    # A rendering is two words or more: some word of the text must start one
    # and another word of the text continue it, or there is nothing to walk.
    keys = set(map(fold, _NAME_TOKEN.findall(text)))
    if not any("" in index.trie[key] or not index.trie[key].keys().isdisjoint(keys) for key in keys & index.trie.keys()):
        return text
    tokens = [(m.start(), m.end(), fold(m.group())) for m in _NAME_TOKEN.finditer(text)]
    pieces: list[str] = []
    cursor = 0
    i = 0
    while i < len(tokens):
        if tokens[i][2] not in index.trie:  # starts no rendering
            i += 1
            continue
        found = _longest_rendering(text, tokens, i, index)
        if found is None:
            i += 1
            continue
        last, content, variant = found
        start, end = tokens[i][0], tokens[last][1]
        words = [text[tokens[k][0] : tokens[k][1]] for k in content]
        if not _written_as_name(text, start, end, words, last - i + 1, variant, index):
            i += 1
            continue
        log.append(Repair(paragraph, "glossary", variant.rule, text[start:end], variant.right, _context(text, start, end)))
        pieces.extend([text[cursor:start], variant.right])
        cursor = end
        i = last + 1
    if not pieces:
        return text
    pieces.append(text[cursor:])
    return "".join(pieces)


def _longest_rendering(
    text: str, tokens: list[tuple[int, int, str]], i: int, index: NameIndex
) -> tuple[int, list[int], NameVariant] | None:
    """(last token, content tokens, rendering) of the longest rendering starting at token i."""
    if i > 0 and text[tokens[i][0] - 1 : tokens[i][0]] in ("#", "@", "/", "."):
        return None  # a hashtag, an address
    node = index.trie.get(tokens[i][2])
    content = [i]
    best = None
    j = i
    while node is not None:
        if "" in node:
            best = (j, list(content), node[""])
        k, skipped, nxt = j + 1, 0, None
        while k < len(tokens) and _NAME_GAP.fullmatch(text[tokens[k - 1][1] : tokens[k][0]]):
            key = tokens[k][2]
            if key in node:
                nxt = node[key]
                break
            if key not in index.connectives or skipped == _MAX_SKIPPED:
                break
            skipped += 1
            k += 1
        if nxt is None:
            break
        node, j = nxt, k
        content.append(k)
    return best


def _written_as_name(
    text: str, start: int, end: int, words: list[str], span: int, variant: NameVariant, index: NameIndex
) -> bool:
    """Is the rendering written as a name, so that it cannot be French prose?

    Its translated words are capitalised ('Groupe Moteur', not 'groupe
    moteur', which is French), and at least one of them is not the first
    word of a sentence ('Moteur Tesla :' opening a headline is French).
    Without a distinctive word it must also be long ('Électrifier
    l'Amérique'), or be every word translated and capitalised inside
    lower-case prose ('le gestionnaire Rouge Électrique a…'): French
    capitalises no adjective, only a title in Title Case would.
    """
    initial = _sentence_initial(text, start)
    if not variant.distinctive and span < index.min_words:
        if initial or not _translated_inside_prose(text, start, end, variant, index):
            return False
    changed = [k for k, mark in enumerate(variant.marks) if mark == _CHANGED]
    if any(not words[k][0].isupper() for k in changed):
        return False
    return any(not (initial and k == 0) for k in changed)


def _translated_inside_prose(text: str, start: int, end: int, variant: NameVariant, index: NameIndex) -> bool:
    """Every word translated, none a head noun French translates itself ('Systèmes
    Avancés'), and lower-case words on both sides (not a Title Case headline)."""
    if len(variant.marks) < 2 or any(mark != _CHANGED for mark in variant.marks):
        return False
    if any(fold(word) in index.heads for word in _NAME_TOKEN.findall(variant.right)):
        return False
    before = _previous_word(text, start)
    after = _next_word(text, end)
    return bool(before) and before[0].islower() and (not after or after[0].islower())


def _glued_to_verb_a(name: str, text: str, end: int, repairer: Repairer) -> bool:
    """'Teslaa annoncé', 'BYDa signé': a known name glued to the auxiliary 'a' before a past participle.

    An acronym in capitals may be shorter than a name: its case marks where it ends.
    """
    settings = repairer.glossary.settings
    shortest = settings.glued_verb_min_acronym_length if name.isupper() else settings.glued_verb_min_name_length
    if len(name) < shortest or name not in repairer.names:
        return False
    following = _next_word(text, end)
    if following.lower() in repairer.glossary.adverbs_before_participle:
        following = _next_word(text, end + 1 + len(following))
    return _is_participle(following, repairer.glossary)


def _is_participle(word: str, glossary: GlossaryFile) -> bool:
    """A frequent French word with a past participle's ending ('signé', 'pris', 'ouvert')."""
    if not word.islower() or not word.endswith(tuple(glossary.participle_endings)):
        return False
    if word in STOP_WORDS and word not in glossary.participle_function_words:
        return False  # 'qui', 'puis', 'aussi'
    return zipf_fr(word) >= glossary.settings.participle_min_zipf_fr


# --- calques and brand names translated as words ------------------------------------


def _fix_calques(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """'le quatrième quart 2024' → 'trimestre', 'une expérience sans couture' → 'fluide': only in their context."""
    for calque in repairer.glossary.calques:
        if calque.wrong.split()[0] not in text:
            continue
        after = "|".join(sorted(map(re.escape, calque.after), key=len, reverse=True))
        following = f"(?={calque.before})" if calque.before else r"(?!\w)"
        pattern = re.compile(rf"(?<![\w’'-])({after})(\s+){re.escape(calque.wrong)}{following}", re.IGNORECASE)

        def fix(match: re.Match[str], calque: Calque = calque) -> str:
            plural = match.group(1).lower().endswith(("s", "x")) and calque.right_plural
            return match.group(1) + match.group(2) + (calque.right_plural if plural else calque.right)

        text = _sub(text, paragraph, pattern, fix, "glossary", f"calque:{calque.wrong}", log)
    return text


# A model designation after a name: 'Y', 'EV9', '1500' (not a year, not a quantity before a unit).
_DESIGNATION = re.compile(r" ([A-Z]{1,2}\d{0,2}|\d{1,4})(?![\w’'-])(?! ?(?:kW|kWh|km|V|A|W|€|%|ch|euros?|dollars?)\b)")


def _fix_brand_translations(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """A brand or model name written as the French word it means, when the context makes the name certain.

    'la berline Phoque' → 'Seal', 'la BYD Dauphin' → 'Dolphin', 'le Bélier
    1500' → 'Ram', 'Kia et Genèse' → 'Genesis'. Capitalised only: the word
    in lower case is French.
    """
    translations = repairer.glossary.brand_translations
    if not any(word in text for word in translations):
        return text  # the pattern matches the words as written
    pattern = _whole_words_pattern(tuple(translations))
    car_nouns = {noun.lower() for noun in repairer.glossary.car_nouns}

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if _brand_context(text, match.start(), match.end(), repairer, car_nouns):
            return translations[word]
        return word

    return _sub(text, paragraph, pattern, fix, "glossary", "brand_translated_as_a_word", log)


@lru_cache(maxsize=8)
def _whole_words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the words, standing alone (built once per glossary, not per paragraph)."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?<![\w’'-])({alternatives})(?![\w’'-])")


def _brand_context(text: str, start: int, end: int, repairer: Repairer, car_nouns: set[str]) -> bool:
    """Right after a known brand or a car noun, before a model designation, or listed next to a known brand."""
    before = _previous_word(text, start)
    if before in repairer.org_words or before.lower() in car_nouns:
        return True
    designation = _DESIGNATION.match(text, end)
    if designation and not re.fullmatch(r"(?:19|20)\d\d", designation.group(1)):
        return True
    if _sentence_initial(text, start):
        return False
    left = re.search(r"([^\W\d_][\w-]*)(,\s*|\s+(?:et|ou)\s+)$", text[max(0, start - 40) : start])
    right = re.match(r"(,\s*|\s+(?:et|ou)\s+)([^\W\d_][\w-]*)", text[end : end + 40])
    return bool(left and left.group(1) in repairer.org_words) or bool(right and right.group(2) in repairer.org_words)


# --- template leftovers ------------------------------------------------------

_TEMPLATE_LEFTOVER = re.compile(r"(?<![^\s(«“\"'’])\{([^\W\d_]{2,})\}(?![\w{])")  # after a space or an elision


def _fix_templates(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """'{dollars}' → 'dollars': only a real word in braces, standing alone (not code such as 'x{b}')."""
    minimum = repairer.glossary.settings.template_min_zipf

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if max(zipf_fr(word.lower()), zipf_en(word.lower())) < minimum:
            return match.group(0)
        return word

    return _sub(text, paragraph, _TEMPLATE_LEFTOVER, fix, "template", "template_braces", log)


# --- names one letter off ------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![\w’'-])([A-ZÀ-Ý][\w-]{1,})(?![\w’'-])")


def _names_written(text: str, repairer: Repairer) -> frozenset[str]:
    """Person and company names, and acronyms, of the knowledge base that the article writes."""
    tokens = set(_CAPITALISED.findall(text))
    return frozenset(token for token in tokens if token in repairer.distinctive or token in repairer.acronyms)


def _fix_names(text: str, paragraph: int, repairer: Repairer, article_names: frozenset[str], log: list[Repair]) -> str:
    """A capitalised unknown word one letter off a name: the name, when only one fits.

    Candidates are the person and company names the article writes
    elsewhere, and known companies when the word is an item of a list of
    known companies. Acronyms only take two swapped letters ('NCAS' for
    'NACS'): acronyms one letter apart are often different things.
    """
    settings = repairer.glossary.settings
    acronyms = {name for name in article_names if name in repairer.acronyms}

    def unchanged(word: str) -> bool:
        """Left as it is wherever it stands: a name, too short, an acronym with no single
        swapped one in the article, or an ordinary word with a capital."""
        if word in repairer.names or len(word) < settings.list_name_min_length:
            return True
        if word.isupper():
            return sum(1 for name in acronyms if _swapped(name, word)) != 1
        return max(zipf_fr(word.lower()), zipf_en(word.lower())) >= settings.name_max_zipf

    if all(map(unchanged, set(_CAPITALISED.findall(text)))):
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in repairer.names or len(word) < settings.list_name_min_length:
            return word
        if _sentence_initial(text, match.start()) or _is_capitalised(_next_word(text, match.end())):
            return word  # a new sentence, or one word of a longer name ('Fort Worth')
        if word.isupper():
            pool = {name for name in article_names if name in repairer.acronyms}
            candidates = sorted(name for name in pool if _swapped(name, word))
        else:
            if max(zipf_fr(word.lower()), zipf_en(word.lower())) >= settings.name_max_zipf:
                return word  # an ordinary word with a capital, not a slip
            pool = {name for name in article_names if name in repairer.distinctive}
            if _in_list_of_names(text, match.start(), match.end(), repairer.org_names):
                pool |= repairer.org_words
            candidates = sorted(name for name in pool if _one_letter_off(name, word))
        if len(candidates) != 1:
            return word
        log.append(Repair(paragraph, "name", "known_name_one_letter_off", word, candidates[0], _context(text, match.start(), match.end())))
        return candidates[0]

    return _CAPITALISED.sub(fix, text)


def _is_capitalised(word: str) -> bool:
    return bool(word) and word[0].isupper()


def _one_letter_off(name: str, word: str) -> bool:
    """Same length and case pattern, one letter replaced or two swapped."""
    return (
        len(name) == len(word)
        and name != word
        and name[0].isupper() == word[0].isupper()
        and name.isupper() == word.isupper()
        and DamerauLevenshtein.distance(name, word) == 1
    )


def _swapped(name: str, word: str) -> bool:
    return len(name) == len(word) and name != word and sorted(name) == sorted(word) and DamerauLevenshtein.distance(name, word) == 1


def _sentence_initial(text: str, start: int) -> bool:
    """Does nothing but spaces and a sentence or quote opening stand before `start`?

    The last character before it, spaces aside (`text[:start].rstrip()`,
    without copying the text before).
    """
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end == 0 or text[end - 1] in ".!?:«“\"—–-•"


def _in_list_of_names(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """Is the word an item of a comma list with at least two known names?"""
    left = re.split(r"[.;:!?()]", text[:start])[-1]
    right = re.split(r"[.;:!?()]", text[end:])[0]
    if not (left.rstrip().endswith((",", " et", " ou")) or right.lstrip().startswith((",", "et ", "ou "))):
        return False
    items = [item.strip() for item in re.split(r",|\bet\b|\bou\b", left + " X " + right)]
    items = [re.sub(r"^(?:dont|comme|notamment|tels? que|telles? que|avec)\s+", "", item) for item in items]
    return sum(1 for item in items if item in names) >= 2


# --- English words -------------------------------------------------------------

# Words of prose only: not inside addresses, hashtags or file names ('electrek.co/news').
_LOWER_ASCII_WORD = re.compile(r"(?<![\w’'\-./@#])([a-z]+)(?![\w’'\-/@]|\.\w)")
_WORDS = re.compile(r"[^\W\d_]+")


def _fix_english(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """An English word alone in French text: the glossary's French word, or a report.

    Statistics decide what is English: common in English, rare in French.
    A word near English function words belongs to a passage kept in English
    on purpose (a quoted tweet, 'made in China') and is left alone. A noun
    agrees with the singular determiner right before it ('ce move' → 'ce
    choix', 'la factory' → "l'usine"); an adjective with its noun, read from
    the text as repaired so far.
    """
    settings = repairer.glossary.settings
    english = repairer.glossary.english

    def looks_english(word: str) -> bool:
        """Common in English and rare in French, by the word alone."""
        if len(word) < settings.english_min_length or word in _FUNCTION_WORDS or word in repairer.names:
            return False
        en, fr = zipf_en(word), zipf_fr(word)
        known = word in english
        min_en = settings.english_known_min_zipf_en if known else settings.english_min_zipf_en
        max_fr = settings.english_known_max_zipf_fr if known else settings.english_max_zipf_fr
        margin = settings.english_known_min_margin if known else settings.english_min_margin
        return not (en < min_en or fr > max_fr or en - fr < margin)

    # Each distinct word is judged once; most paragraphs have none to look at.
    shortest = settings.english_min_length
    suspects = {word for word in set(_LOWER_ASCII_WORD.findall(text)) if len(word) >= shortest and looks_english(word)}
    if not suspects:
        return text
    out: list[str] = []
    last = 0  # end of the text already written to `out`
    for match in _LOWER_ASCII_WORD.finditer(text):
        word = match.group(1)
        if word not in suspects:
            continue
        if _in_english_passage(text, match.start(), match.end()):
            continue
        start, before, french = match.start(), word, english.get(word, word)
        if isinstance(french, AgreedWord):
            written = "".join(out) + text[last:start]
            gender, plural = _agreement(written, text[match.end() :], repairer.glossary.agreement)
            after = french.form(gender, plural)
        elif french != word:
            start, after = _agree_noun(text, start, word, french, repairer)
            before = text[start : match.end()]
        else:
            after = word
        rule = "english_glossary" if after != before else "english_unknown"
        log.append(Repair(paragraph, "english", rule, before, after, _context(text, start, match.end())))
        out += [text[last:start], after]
        last = match.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


# A capitalised word opening a sentence ('However, …'): not a name when the glossary knows it as English.
_OPENING_ASCII_WORD = re.compile(r"(?<![\w’'\-./@#])([A-Z][a-z]{3,})(?=,)")


def _fix_english_openers(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """An English connective opening a sentence, before its comma ('However, ces fonds …' → 'Cependant, …').

    Only words of the English→French glossary that rendering without
    agreement (a plain word or an adjective's default), at the start of a
    sentence, outside a passage kept in English; a capitalised word is
    otherwise a name.
    """
    settings = repairer.glossary.settings
    english = repairer.glossary.english

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        lower = word.lower()
        french = english.get(lower)
        if french is None or word in repairer.names or not _sentence_initial(text, match.start()):
            return word
        if isinstance(french, NounWord):
            return word
        en, fr = zipf_en(lower), zipf_fr(lower)
        if en < settings.english_known_min_zipf_en or fr > settings.english_known_max_zipf_fr or en - fr < settings.english_known_min_margin:
            return word
        if _in_english_passage(text, match.start(), match.end()):
            return word
        rendering = french.default if isinstance(french, AgreedWord) else french
        return rendering[:1].upper() + rendering[1:]

    return _sub(text, paragraph, _OPENING_ASCII_WORD, fix, "english", "english_glossary", log)


_NO_NOUN_ENDINGS = ("ly", "ed")  # English adverbs and participles: their rendering's ending is no noun gender
_VOWELS = frozenset("aeiouàâäéèêëîïôöûùüœ")  # not 'h' nor 'y': 'le hangar', 'le yacht'


def _agree_noun(text: str, start: int, word: str, french: str | NounWord, repairer: Repairer) -> tuple[int, str]:
    """Where the change starts and what is written: the noun, with the determiner before it when that must change.

    The determiner right before the word decides: a rendering of its gender
    when the glossary has one ('ce move' → 'ce choix'), else the determiner
    takes the rendering's gender ('le pricing' → 'la tarification' without
    a masculine form) and elides before a vowel ('le shareholder' →
    "l'actionnaire"). A rendering of unknown gender keeps the determiner's
    (elision aside); so does an English adverb or participle ('-ly', '-ed':
    'récemment' is no masculine noun, the determiner belongs to the noun
    after it). A plural rendering or any other word before it is left as
    today (`usual` rendering, determiner untouched).
    """
    unsure = french if isinstance(french, str) else french.unsure
    found = None
    if repairer.noun_determiner is not None:
        found = repairer.noun_determiner.search(text, max(0, start - 12), start)
    if found is None:
        return start, unsure
    determiner = found.group(1)
    row, determiner_gender = repairer.determiner_forms[determiner.lower()]
    if determiner.lower() in _PRONOUN_DETERMINERS and _previous_word(text, found.start()).lower() in _PRONOUN_CONTEXT:
        return start, unsure  # 'en le ...': a pronoun
    if isinstance(french, NounWord):
        rendering, gender = french.form(determiner_gender)
    elif word.endswith(_NO_NOUN_ENDINGS):
        rendering, gender = french, None
    else:
        rendering, gender = french, _noun_gender(_rendering_head(french), repairer.glossary.agreement)
    head = _rendering_head(rendering)
    if head.endswith("s") or not head[:1].isalpha():
        return start, rendering  # a plural ('effectifs') or no noun: nothing to agree
    vowel = head[0] in _VOWELS
    agreed = row[(2 if (gender or determiner_gender) == "f" else 0) + vowel]
    if agreed == determiner.lower():
        return start, rendering
    if determiner[0].isupper():
        agreed = agreed[0].upper() + agreed[1:]
    if agreed.endswith(("'", "’")):
        quote = "’" if text.count("’") > text.count("'") else "'"
        return found.start(), agreed[:-1] + quote + rendering
    return found.start(), agreed + found.group(2) + rendering


def _rendering_head(rendering: str) -> str:
    """The first word of a rendering, its noun ('mise' of 'mise à niveau')."""
    return rendering.split(" ", 1)[0].lower()


def _in_english_passage(text: str, start: int, end: int) -> bool:
    """English function words near the span: a passage kept in English on purpose."""
    around = _WORDS.findall(text[:start])[-_ENGLISH_WINDOW:] + _WORDS.findall(text[end:])[:_ENGLISH_WINDOW]
    return any(w.lower() in _ENGLISH_FUNCTION_WORDS for w in around)


_AGREEMENT_TOKEN = re.compile(r"[^\W\d_]+['’]?|[^\w\s]")


def _agreement(before: str, after: str, cues: Agreement) -> tuple[str | None, bool]:
    """Gender ('m', 'f', None when unsure) and plural of the noun an adjective describes.

    Read from the words right before it: a determiner ('une huge étape',
    the noun after then decides when the determiner has no gender), or a
    determiner and its noun ('une adoption plus huge'); degree adverbs in
    between are skipped. A verb or a comma in the way leaves it unsure.
    """
    tokens = [t.lower().replace("’", "'") for t in _AGREEMENT_TOKEN.findall(before)[-6:]]
    while tokens and tokens[-1] in cues.adverbs:
        tokens.pop()
    if not tokens:
        return None, False
    last = tokens[-1]
    if _is_determiner(last, cues):
        following = _AGREEMENT_TOKEN.findall(after)[:1]
        noun = following[0].lower() if following and following[0].isalpha() else ""
        return _determiner_gender(last, cues) or _noun_gender(noun, cues), last in cues.plural
    if len(tokens) < 2 or not last.isalpha() or last in STOP_WORDS or not _is_determiner(tokens[-2], cues):
        return None, False
    determiner = tokens[-2]
    return _determiner_gender(determiner, cues) or _noun_gender(last, cues), determiner in cues.plural


def _is_determiner(word: str, cues: Agreement) -> bool:
    return word in cues.masculine or word in cues.feminine or word in cues.singular or word in cues.plural


def _determiner_gender(word: str, cues: Agreement) -> str | None:
    if word in cues.masculine:
        return "m"
    if word in cues.feminine:
        return "f"
    return None


def _noun_gender(noun: str, cues: Agreement) -> str | None:
    """Gender of a noun from the lists, else from its ending; None when unsure."""
    if not noun:
        return None
    if noun in cues.feminine_nouns:
        return "f"
    if noun in cues.masculine_nouns:
        return "m"
    if noun.endswith(tuple(cues.feminine_endings)):
        return "f"
    if noun.endswith(tuple(cues.masculine_endings)):
        return "m"
    return None


def _plural(word: str) -> str:
    """French plural of an adjective: 'énorme' → 'énormes', 'heureux' stays."""
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    return word + "s"


# --- typos ---------------------------------------------------------------------

_LOWER_WORD = re.compile(r"(?<![\w’'\-./@#])([a-zà-ÿœ]{4,})(?![\w’'\-/@]|\.\w)")
_ACCENT_CLASSES = ("eéèêë", "aàâä", "iîï", "oôö", "uùûü", "cç")
_CONSONANTS = frozenset("bcdfglmnprst")


def _fix_typos(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    """A rare word one sound-alike edit from a far more frequent word ('indépendent').

    Only edits that keep the sound are tried (an accent, 'an'/'en', a
    doubled consonant): a rare word one arbitrary letter from a frequent one
    is usually another word ('troyenne', not 'moyenne'; 'pliante', not
    'plainte'). A word no list has ever seen ('actionaire') is a slip for
    sure: its fix may be less frequent. A capitalised word is a name: it is
    only traced to a place of the knowledge base, by a sound-alike edit or
    two letters swapped after the capital ('Hongire' → 'Hongrie'), never to
    a person or a company (surnames one letter apart are other people).
    """
    settings = repairer.glossary.settings
    participle_nouns = {noun.lower() for noun in repairer.glossary.participle_nouns}

    def unknown(word: str) -> bool:
        lower = word.lower()
        if len(word) < settings.typo_min_length or word in repairer.names or lower in participle_nouns:
            return False  # a participle used as a noun is the grammar rule's ('les adhérants')
        return zipf_fr(lower) <= settings.typo_max_zipf_fr and zipf_en(lower) <= settings.typo_max_zipf_en

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if not unknown(word):
            return word
        unseen = zipf_fr(word) == 0 and zipf_en(word) == 0  # no word of either language: surely a slip
        least = settings.typo_unseen_min_candidate_zipf_fr if unseen else settings.typo_min_candidate_zipf_fr
        candidates = sorted(c for c in _sound_alike(word) if zipf_fr(c) >= least)
        if len(candidates) != 1:
            return word
        log.append(Repair(paragraph, "typo", "sound_alike_frequent_word", word, candidates[0], _context(text, match.start(), match.end())))
        return candidates[0]

    def fix_name(match: re.Match[str]) -> str:
        word = match.group(1)
        if not unknown(word) or _is_capitalised(_next_word(text, match.end())):
            return word
        lower = word[0].lower() + word[1:]
        edits = {c[0].upper() + c[1:] for c in _sound_alike(lower) | _swapped_letters(lower, first=1)}
        candidates = sorted(c for c in edits if c in repairer.places)
        if len(candidates) != 1:
            return word
        log.append(Repair(paragraph, "typo", "known_name_misspelt", word, candidates[0], _context(text, match.start(), match.end())))
        return candidates[0]

    # Only an unknown word can change: most paragraphs have none (and most words are too short to be one).
    shortest = settings.typo_min_length
    if any(unknown(word) for word in set(_LOWER_WORD.findall(text)) if len(word) >= shortest):
        text = _LOWER_WORD.sub(fix, text)
    if any(unknown(word) for word in set(_CAPITALISED_WORD.findall(text)) if len(word) >= shortest):
        text = _CAPITALISED_WORD.sub(fix_name, text)
    return text


# A capitalised word of prose, not all capitals (an acronym) nor a word of a hyphenated name.
_CAPITALISED_WORD = re.compile(r"(?<![\w’'\-./@#])([A-ZÀ-Ý][a-zà-ÿœ]{3,})(?![\w’'\-/@]|\.\w)")


def _swapped_letters(word: str, first: int = 0) -> set[str]:
    """Spellings with two neighbouring letters swapped back ('Hongire' → 'Hongrie'), from letter `first` on."""
    out = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(first, len(word) - 1) if word[i] != word[i + 1]}
    out.discard(word)
    return out


def _sound_alike(word: str) -> set[str]:
    """Spellings that sound the same, one edit away; the last letter (agreement) is kept."""
    out: set[str] = set()
    body = len(word) - 1
    for i in range(body):
        letter = word[i]
        for group in _ACCENT_CLASSES:
            if letter in group:
                out.update(word[:i] + other + word[i + 1 :] for other in group if other != letter)
        if letter in "ae" and word[i + 1] in "nm":
            out.add(word[:i] + ("e" if letter == "a" else "a") + word[i + 1 :])
        if letter in _CONSONANTS and 0 < i:
            if word[i + 1] == letter:
                out.add(word[:i] + word[i + 1 :])
            elif word[i - 1] != letter:
                out.add(word[:i] + letter + word[i:])
    out.discard(word)
    return out


# --- grammar, punctuation, spacing ----------------------------------------------

_VENIR_DE_PARTICIPLE = re.compile(
    r"(?<![\w’'])((?:[Vv]ien[st]|[Vv]iennent|[Vv]enons|[Vv]enez|[Vv]enait|[Vv]enaient|[Vv]enais|[Vv]enions|[Vv]eniez)"
    r"\s+(?:juste\s+|tout\s+juste\s+)?(?:de\s+|d['’]))([a-zà-ÿœ]+)é(?![\w’'-])"
)
_ELISION_SPACE = re.compile(
    r"(?<![^\s(«“\"\[—–])((?:[Jj]usqu|[Ll]orsqu|[Pp]uisqu|[Qq]uoiqu|[Qq]uelqu|[Qq]u|[Aa]ujourd|[lLdDjJnNsScCmMtT])['’]) +"
    r"(?=([^\W\d_][\w-]*))"
)
_COMMA_STOP = re.compile(r"(?<=\w)[,;]\.(?=\s|$)")
# 'le pays,nous': a comma with no space after it, between two words of prose (two
# letters at least on each side: not '3,5', not inside an address or code).
_GLUED_COMMA = re.compile(r"(?<![\w@./:=-])([^\W\d_]{2,}),(?=[^\W\d_]{2,}(?![\w@/:=]|\.\w))")
_COMMA_BEFORE_LETTER = re.compile(r",[^\W\d_]")  # what _GLUED_COMMA needs, found fast from its comma
# A full stop after a name, followed by a word that cannot start a sentence.
_STOP_BEFORE_LOWER = re.compile(r"(?<![\w.])([A-ZÀ-Ý][\w-]*\w)\. (?=([a-zà-ÿ][\w’']*))")
_STOP_THEN_LOWER = re.compile(r"\. [a-zà-ÿ]")  # what _STOP_BEFORE_LOWER needs, found fast from its stop


def _fix_grammar(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    settings = repairer.glossary.settings

    def infinitive(match: re.Match[str]) -> str:
        stem = match.group(2)
        if zipf_fr(stem + "er") < settings.infinitive_min_zipf_fr:
            return match.group(0)
        return match.group(1) + stem + "er"

    text = _sub(text, paragraph, _VENIR_DE_PARTICIPLE, infinitive, "grammar", "venir_de_infinitive", log)
    if repairer.participles is not None and may_contain_one(text, repairer.participle_words):
        def noun(match: re.Match[str]) -> str:
            determiner, word = match.group(1), match.group(2)
            if determiner.strip().lower() in _PRONOUN_DETERMINERS and _previous_word(text, match.start()).lower() in _PRONOUN_CONTEXT:
                return match.group(0)  # 'en le fabriquant': 'le' is a pronoun, the participle is right
            # built on a match only (rare), not for every paragraph
            nouns = {k.lower(): v for k, v in repairer.glossary.participle_nouns.items()}
            right = nouns[word.lower()]
            return determiner + (right.capitalize() if word[0].isupper() else right)

        text = _sub(text, paragraph, repairer.participles, noun, "grammar", "participle_after_determiner", log)
    return text


def _fix_punctuation(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    abbreviations = set(repairer.glossary.abbreviations)
    continuations = set(repairer.glossary.continuation_words)
    minimum = repairer.glossary.settings.elision_min_zipf_fr
    # Each rule's pattern runs only on a paragraph with the characters it needs.
    if ",." in text or ";." in text:
        text = _sub(text, paragraph, _COMMA_STOP, lambda m: ".", "punctuation", "comma_before_full_stop", log)
    if _COMMA_BEFORE_LETTER.search(text):
        text = _sub(text, paragraph, _GLUED_COMMA, lambda m: m.group(1) + ", ", "spacing", "space_after_comma", log)

    def drop_stop(match: re.Match[str]) -> str:
        word, following = match.group(1), match.group(2)
        if word in abbreviations or following not in continuations:
            return match.group(0)
        tokens = text[: match.end(1)].split(" ")[-4:]
        names = [" ".join(tokens[-k:]) for k in range(1, len(tokens) + 1)]
        if not any(name in repairer.forms for name in names) or any(f"{name}." in repairer.forms for name in names):
            return match.group(0)  # not a known name, or a name that ends with a dot ('Tesla Inc.')
        return f"{word} "

    if _STOP_THEN_LOWER.search(text):
        text = _sub(text, paragraph, _STOP_BEFORE_LOWER, drop_stop, "punctuation", "full_stop_inside_sentence", log)

    def join(match: re.Match[str]) -> str:
        following = match.group(2).lower()
        if following not in STOP_WORDS and zipf_fr(following) < minimum:
            return match.group(0)  # not French after the apostrophe: a quote mark, code
        return match.group(1)

    if "' " in text or "’ " in text:
        text = _sub(text, paragraph, _ELISION_SPACE, join, "spacing", "space_after_elision", log)
    return text


# --- word statistics -------------------------------------------------------------


@lru_cache(maxsize=2)
def _frequencies(language: str) -> dict[str, float]:
    """wordfreq's list for a language, loaded once per process (read-only)."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language)


def _zipf(word: str, language: str) -> float:
    frequency = _frequencies(language).get(word, 0.0)
    return round(math.log10(frequency) + 9, 2) if frequency > 0 else 0.0


@lru_cache(maxsize=65536)
def _common_in_either(word: str) -> float:
    """The word's Zipf frequency in French or English, whichever is higher (asked for every word)."""
    return max(zipf_fr(word), zipf_en(word))


@lru_cache(maxsize=65536)
def zipf_fr(word: str) -> float:
    """French Zipf frequency (memoised: the rules ask for the same words again and again)."""
    return _zipf(word.replace("’", "'"), "fr")


@lru_cache(maxsize=65536)
def zipf_en(word: str) -> float:
    """English Zipf frequency (memoised)."""
    return _zipf(word.replace("’", "'"), "en")
