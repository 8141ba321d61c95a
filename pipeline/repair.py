"""Stage 5 — repair: undo slips of machine translation, spinning and sloppy copy.

Every change is logged as a `Repair` (kind, rule, before, after, context).
The rules, in the order they run on each kept paragraph:

- glued: a known name stuck to a French function word or a title
  ('Teslala' → 'Tesla la', 'dontBMW' → 'dont BMW', 'CrunchPDG' → 'Crunch PDG');
- glossary: known slips from `data/glossary.yaml` and the knowledge base's
  `mistranslations`, on word boundaries ('Basic Motors' → 'General Motors');
- template: leftovers of templates ('{dollars}' → 'dollars');
- name: a capitalised word one letter away from a name the article writes
  elsewhere, or from a known name in a list of known names ('Musc' → 'Musk');
- english: English words left in French text, found by word statistics
  (wordfreq); replaced from the English→French glossary when it knows them,
  otherwise only reported (before == after) so users can extend it;
- typo: a rare word one letter away from a far more frequent French word;
- grammar: 'vient de confirmé' → 'vient de confirmer'; a participle used as
  a noun after a determiner ('le fabriquant' → 'le fabricant');
- punctuation and spacing: ',.' → '.', 'Mercedes-Benz. ont' → 'Mercedes-Benz
  ont', "qu' il" → "qu'il".
A rule never fires on a word it is unsure of: correct French must come out
unchanged (see tests/test_repair.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz.distance import DamerauLevenshtein
from spacy.lang.fr.stop_words import STOP_WORDS

from pipeline.config import load_data_file
from pipeline.knowledge import KnowledgeBase
from pipeline.models import KEEP, Repair, Segment


class Replacement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    wrong: str
    right: str
    case_sensitive: bool = True
    note: str = ""


class RepairSettings(BaseModel):
    """Thresholds of the statistical rules (wordfreq Zipf scale: 7 = 'de', 3 = rare)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    english_min_zipf_en: float = 3.5
    english_max_zipf_fr: float = 3.0
    english_min_margin: float = 1.5
    typo_max_zipf_fr: float = 1.5
    typo_min_candidate_zipf_fr: float = 4.0
    typo_min_length: int = Field(7, ge=4)
    name_min_length: int = Field(3, ge=2)


class GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    replacements: list[Replacement] = []
    english: dict[str, str] = {}
    title_acronyms: list[str] = []
    abbreviations: list[str] = []
    participle_nouns: dict[str, str] = {}
    determiners: list[str] = []
    settings: RepairSettings = RepairSettings()


@dataclass(frozen=True)
class RepairRule:
    kind: str
    name: str
    pattern: re.Pattern[str]
    right: str


@dataclass(frozen=True)
class Repairer:
    """Everything the repair rules need, built once per run."""

    rules: tuple[RepairRule, ...]
    glossary: GlossaryFile = field(default_factory=GlossaryFile)
    names: frozenset[str] = frozenset()  # single-token names of the knowledge base, as written
    org_names: frozenset[str] = frozenset()  # the same for organisations
    participles: re.Pattern[str] | None = None


_TEMPLATE_LEFTOVER = re.compile(r"\{([^\W\d_]+)\}")
_FUNCTION_WORDS = frozenset(w for w in STOP_WORDS if w.isalpha() and 2 <= len(w) <= 5)
_TOKEN = re.compile(r"[^\W\d_][\w’'-]*[^\W_]|[^\W\d_]")


def load_glossary(path: Path) -> GlossaryFile:
    return load_data_file(path, GlossaryFile)


def build_repairer(glossary: GlossaryFile, kb: KnowledgeBase) -> Repairer:
    """Compile glossary and knowledge-base slips into word-boundary rules."""
    rules: list[RepairRule] = []
    for item in glossary.replacements:
        flags = 0 if item.case_sensitive else re.IGNORECASE
        rules.append(RepairRule("glossary", item.wrong, _word_pattern(item.wrong, flags), item.right))
    for entry in kb.entries:
        for wrong in entry.mistranslations:
            rules.append(RepairRule("glossary", f"kb:{entry.id}", _word_pattern(wrong, 0), entry.name))
    # Longest first, so a long slip is fixed before a shorter one inside it.
    rules.sort(key=lambda rule: (-len(rule.pattern.pattern), rule.name))
    names = {form for entry in kb.entries for form in entry.surface_forms if " " not in form and len(form) >= 2}
    orgs = {
        form
        for entry in kb.entries
        if entry.type in ("ORG", "STANDARD")
        for form in entry.surface_forms
        if " " not in form and len(form) >= 2
    }
    participles = None
    if glossary.participle_nouns and glossary.determiners:
        determiners = "|".join(sorted(map(re.escape, glossary.determiners), key=len, reverse=True))
        words = "|".join(sorted(map(re.escape, glossary.participle_nouns), key=len, reverse=True))
        participles = re.compile(rf"(?<!\w)((?:{determiners})\s+)({words})(?!\w)", re.IGNORECASE)
    return Repairer(tuple(rules), glossary, frozenset(names), frozenset(orgs), participles)


def _word_pattern(phrase: str, flags: int) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", flags)


def repair_segments(segments: list[Segment], repairer: Repairer) -> tuple[list[Segment], list[Repair]]:
    """Repair the kept segments; the others stay as they were scraped."""
    kept_text = "\n".join(seg.text for seg in segments if seg.action == KEEP)
    article_names = _names_written(kept_text, repairer)
    repaired: list[Segment] = []
    repairs: list[Repair] = []
    for seg in segments:
        if seg.action != KEEP:
            repaired.append(seg)
            continue
        text, found = repair_text(seg.text, seg.index, repairer, article_names)
        repairs.extend(found)
        repaired.append(Segment(seg.index, text, seg.action, seg.rule, seg.duplicate_of))
    return repaired, repairs


def repair_text(
    text: str, paragraph: int, repairer: Repairer, article_names: frozenset[str] = frozenset()
) -> tuple[str, list[Repair]]:
    """Apply every rule to one paragraph, in a fixed order."""
    log: list[Repair] = []
    text = _split_glued(text, paragraph, repairer, log)
    for rule in repairer.rules:
        text = _sub(text, paragraph, rule.pattern, lambda m, r=rule: r.right, rule.kind, rule.name, log)
    text = _sub(text, paragraph, _TEMPLATE_LEFTOVER, lambda m: m.group(1), "template", "template_braces", log)
    text = _fix_names(text, paragraph, repairer, article_names, log)
    text = _fix_english(text, paragraph, repairer, log)
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


# --- glued words -----------------------------------------------------------

_GLUED_CANDIDATE = re.compile(r"(?<![\w’'-])([^\W\d_]{4,})(?![\w’'-])")


def _split_glued(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    titles = set(repairer.glossary.title_acronyms)

    def split(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in repairer.names:
            return word
        regular_case = word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())
        if regular_case and (zipf_fr(word.lower()) > 0 or zipf_en(word.lower()) > 2.5):
            return word  # a real word ('Tesla' + 'la' could be a name of its own: it is not here)
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            known_name_then_word = left in repairer.names and right in _FUNCTION_WORDS and right.islower()
            word_then_name = (
                left in _FUNCTION_WORDS and left.islower() and (right in repairer.names or right in titles) and right[0].isupper()
            )
            name_then_title = right in titles and left[0].isupper() and left[-1].islower()
            if known_name_then_word or word_then_name or name_then_title:
                after = f"{left} {right}"
                log.append(Repair(paragraph, "glued", "name_and_word", word, after, _context(text, match.start(), match.end())))
                return after
        return word

    return _GLUED_CANDIDATE.sub(split, text)


# --- names one letter off ------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![\w’'-])([A-ZÀ-Ý][\w-]{2,})(?![\w’'-])")


def _names_written(text: str, repairer: Repairer) -> frozenset[str]:
    """Single-token names of the knowledge base that the article writes."""
    return frozenset(token for token in set(_CAPITALISED.findall(text)) if token in repairer.names)


def _fix_names(text: str, paragraph: int, repairer: Repairer, article_names: frozenset[str], log: list[Repair]) -> str:
    minimum = repairer.glossary.settings.name_min_length

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in repairer.names or len(word) < minimum or _sentence_initial(text, match.start()):
            return word
        pool = set(article_names)
        if _in_list_of_names(text, match.start(), match.end(), repairer.org_names):
            pool |= repairer.org_names
        candidates = sorted(
            name for name in pool if len(name) == len(word) and name != word and DamerauLevenshtein.distance(name, word) == 1
        )
        if len(candidates) != 1:
            return word
        if not word.isupper() and zipf_fr(word.lower()) >= 3.5:
            return word  # an ordinary French word with a capital, not a slip
        log.append(Repair(paragraph, "name", "known_name_one_letter_off", word, candidates[0], _context(text, match.start(), match.end())))
        return candidates[0]

    return _CAPITALISED.sub(fix, text)


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:«“\"—–-•"


def _in_list_of_names(text: str, start: int, end: int, names: frozenset[str]) -> bool:
    """Is the word an item of a comma list with at least two known names?"""
    left = re.split(r"[.;:!?()]", text[:start])[-1]
    right = re.split(r"[.;:!?()]", text[end:])[0]
    items = [item.strip() for item in re.split(r",|\bet\b", left + " X " + right)]
    return sum(1 for item in items if item in names) >= 2


# --- English words -------------------------------------------------------------

_LOWER_ASCII_WORD = re.compile(r"(?<![\w’'-])([a-z]{4,})(?![\w’'-])")


def _fix_english(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    settings = repairer.glossary.settings
    english = repairer.glossary.english

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in _FUNCTION_WORDS or word in repairer.names:
            return word
        en, fr = zipf_en(word), zipf_fr(word)
        if en < settings.english_min_zipf_en or fr > settings.english_max_zipf_fr or en - fr < settings.english_min_margin:
            return word
        after = english.get(word, word)
        rule = "english_glossary" if after != word else "english_unknown"
        log.append(Repair(paragraph, "english", rule, word, after, _context(text, match.start(), match.end())))
        return after

    return _LOWER_ASCII_WORD.sub(fix, text)


# --- typos ---------------------------------------------------------------------

_LOWER_WORD = re.compile(r"(?<![\w’'-])([a-zà-ÿœ]{4,})(?![\w’'-])")
_FRENCH_LETTERS = "abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœ"


def _fix_typos(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    settings = repairer.glossary.settings

    def fix(match: re.Match[str]) -> str:
        word = match.group(1)
        if len(word) < settings.typo_min_length or zipf_fr(word) > settings.typo_max_zipf_fr or zipf_en(word) >= 2.0:
            return word
        candidates = [c for c in _substitutions(word) if zipf_fr(c) >= settings.typo_min_candidate_zipf_fr]
        if len(candidates) != 1:
            return word
        log.append(Repair(paragraph, "typo", "one_letter_off_frequent_word", word, candidates[0], _context(text, match.start(), match.end())))
        return candidates[0]

    return _LOWER_WORD.sub(fix, text)


def _substitutions(word: str) -> set[str]:
    """Words one substituted letter away, not at the end (agreement is not a typo)."""
    out: set[str] = set()
    for i in range(len(word) - 1):
        for letter in _FRENCH_LETTERS:
            if letter != word[i]:
                out.add(word[:i] + letter + word[i + 1 :])
    return out


# --- grammar, punctuation, spacing ----------------------------------------------

_VENIR_DE_PARTICIPLE = re.compile(
    r"(?<!\w)((?:vien[st]|viennent|venons|venez|venait|venaient|venais|viendra|viendront|venu|venue|venus|venues)\s+d[e’']\s*)([a-zà-ÿ]+)é(?!\w)",
    re.IGNORECASE,
)
_ELISION_SPACE = re.compile(r"(?<!\w)((?:jusqu|lorsqu|puisqu|quoiqu|quelqu|qu|[lLdDjJnNsScCmMtT])['’]) (?=[a-zàâäéèêëîïôöûùüÿœh])")
_COMMA_STOP = re.compile(r"(?<=\w),\.(?=\s|$)")
# A full stop after a name, followed by a lower-case word: the sentence goes on.
_STOP_BEFORE_LOWER = re.compile(r"(?<![\w.])([A-ZÀ-Ý][\w-]*[a-zà-ÿ])\. (?=[a-zà-ÿ])")


def _fix_grammar(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    def infinitive(match: re.Match[str]) -> str:
        stem = match.group(2)
        if zipf_fr((stem + "er").lower()) < 3.0:
            return match.group(0)
        return match.group(1) + stem + "er"

    text = _sub(text, paragraph, _VENIR_DE_PARTICIPLE, infinitive, "grammar", "venir_de_infinitive", log)
    if repairer.participles is not None:
        nouns = {k.lower(): v for k, v in repairer.glossary.participle_nouns.items()}

        def noun(match: re.Match[str]) -> str:
            word = match.group(2)
            right = nouns[word.lower()]
            return match.group(1) + (right.capitalize() if word[0].isupper() else right)

        text = _sub(text, paragraph, repairer.participles, noun, "grammar", "participle_after_determiner", log)
    return text


def _fix_punctuation(text: str, paragraph: int, repairer: Repairer, log: list[Repair]) -> str:
    abbreviations = set(repairer.glossary.abbreviations)
    text = _sub(text, paragraph, _COMMA_STOP, lambda m: ".", "punctuation", "comma_before_full_stop", log)

    def drop_stop(match: re.Match[str]) -> str:
        word = match.group(1)
        return match.group(0) if word in abbreviations else f"{word} "

    text = _sub(text, paragraph, _STOP_BEFORE_LOWER, drop_stop, "punctuation", "full_stop_inside_sentence", log)
    text = _sub(text, paragraph, _ELISION_SPACE, lambda m: m.group(1), "spacing", "space_after_elision", log)
    return text


# --- word statistics -------------------------------------------------------------


@lru_cache(maxsize=1)
def _frequencies(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language)


def _zipf(word: str, language: str) -> float:
    frequency = _frequencies(language).get(word, 0.0)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


def zipf_fr(word: str) -> float:
    return _zipf(word.replace("’", "'"), "fr")


def zipf_en(word: str) -> float:
    return _zipf(word, "en")
