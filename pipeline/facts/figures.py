"""Figures: numbers that carry a fact, with their unit and the noun they count.

Money, percentages and physical quantities come with their unit from the
value scanner (pipeline/values.py). A bare count needs the noun it counts
('12 000 superchargeurs' → superchargeur, '7 500 de ses bornes' → borne,
'douze nouveaux modèles' → modèle); a bare amount takes the currency of the
amount it is paired with ('de 5.000 à 4.000 euros', '2 milliards d'euros,
dont 850 millions'). Not figures: years and dates (DATE), durations ('il y a
trois ans'), small counts in words ('entre deux restaurants'), a counted
list ('une, deux, trois, quatre usines'), '100 % électrique', a number with
nothing to count. One row per (value, unit) per article.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from pipeline.facts.common import SUBJECT_DEPS, ArticleFacts, Unit, lemma, year_of_mention
from pipeline.models import Figure, Mention

_SKIPPABLE = frozenset(["de", "d'", "d’", "des", "du"])
_PAIRED = re.compile(r"\s*(?:à|a|et|ou|-|–|—|/)\s*$")
_ENUMERATION = re.compile(r"(?:\b\w+|\d+)\s*,\s*$")
_NUMBER_WORDS = frozenset(
    "un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente quarante cinquante soixante cent mille".split()
)
_ELLIPSIS = re.compile(r"\b(?:dont|soit|puis|contre)\s+(?:(?:plus|moins)\s+de\s+|environ\s+|près\s+de\s+)?$", re.IGNORECASE)
# nouns ending in s or x in the singular too
_INVARIABLE = frozenset("pays prix taux mois fois cas choix poids temps bus gaz corps repas procès accès succès progrès".split())
# a bare number joined to the figure before it: 'et 500', 'ou 300'
_COORDINATED = re.compile(r"(?:,\s*|\s)(?:et|ou)\s+(?:(?:plus|moins|près)\s+de\s+|environ\s+)?$", re.IGNORECASE)
# a bare number compared with the figure before it: 'par rapport aux 1 808 581 de 2023'
_COMPARED = re.compile(r"\b(?:par rapport|comparé|comparativement)\s+(?:aux?|à)\s+(?:les\s+)?$", re.IGNORECASE)
_APPROXIMATION = re.compile(r"(?:\b(?:un peu )?(?:plus|moins|près)\s+d[e'’]\s*|\b(?:environ|quelque)\s+)$", re.IGNORECASE)
_RATE = re.compile(r"(?:\baux|/)\s*$")
_MULTIPLIER = re.compile(r"\b(?:millions?|milliards?|mds?|md|mrd|billions?)\b", re.IGNORECASE)


def extract_figures(facts: ArticleFacts) -> list[Figure]:
    rows: list[Figure] = []
    seen: set[tuple[float, str]] = set()
    chrome = tuple(p.lower() for p in facts.triggers.figures.chrome_prefixes)
    for unit in facts.units:
        if facts.unit_text(unit).lower().startswith(chrome):
            continue  # 'Lire aussi : les 5 chiffres à retenir', 'Lecture 3 min'
        values = [
            m
            for m in facts.value_mentions(unit, "MONEY", "PERCENT", "QUANTITY")
            if m.value is not None and not _inside_name(facts, m)
        ]
        for mention in values:
            unit_name = _unit_of(facts, unit, mention, values)
            if not unit_name or not _carries_fact(facts, mention, unit_name):
                continue
            assert mention.value is not None
            key = (mention.value, unit_name)
            if key in seen:
                continue
            seen.add(key)
            subject = _subject(facts, unit, mention)
            rows.append(
                Figure(
                    subject.entity_id if subject else "",
                    facts.name_of(subject.entity_id) if subject else "",
                    mention.value,
                    unit_name,
                    mention.text,
                    _year(facts, unit, mention, values),
                    facts.evidence(unit),
                )
            )
    return rows


def _inside_name(facts: ArticleFacts, mention: Mention) -> bool:
    """'Peugeot 208', 'Renault 5': a number that is part of a name."""
    return any(
        m.start <= mention.start and mention.end <= m.end and m.label in ("PRODUCT", "ORG", "MISC", "PER", "LOC")
        for m in facts.in_range(mention.start - 40, mention.end)
    )


def _unit_of(facts: ArticleFacts, unit: Unit, mention: Mention, values: list[Mention]) -> str:
    """Currency / unit symbol, else the counted noun, else the currency of a paired amount."""
    if mention.unit:
        return mention.unit
    text = facts.text
    for other in values:
        if other is mention or not other.unit:
            continue
        if other.start >= mention.end and _PAIRED.fullmatch(text[mention.end : other.start] + " "):
            return other.unit  # 'de 5.000 à 4.000 euros'
    noun = counted_noun(facts, mention)
    if noun and not _ignored(facts, noun):
        return noun
    earlier = [m for m in values if m.end <= mention.start]
    if _MULTIPLIER.search(mention.text):
        money = [m for m in earlier if m.label == "MONEY"]
        if money:
            return money[-1].unit  # '2 milliards d'euros, dont 850 millions'
    if earlier and _ELLIPSIS.search(text[earlier[-1].end : mention.start]):
        # '2 000 bornes, dont 400 en Île-de-France', '100 000 unités en 2026 puis 250 000 en 2030'
        previous = earlier[-1]
        return previous.unit or counted_noun(facts, previous)
    if earlier and earlier[-1].label != "MONEY" and _COORDINATED.search(text[earlier[-1].end : mention.start]):
        if _ends_clause(facts, mention):
            # '200 magasins d'ici fin 2024, et 500 en 2025' (an amount of money needs its multiplier: not this)
            return earlier[-1].unit or counted_noun(facts, earlier[-1])
    if _COMPARED.search(text[max(mention.start - 30, 0) : mention.start]):
        # 'à 1 789 226 unités, soit une baisse de 1,1 % par rapport aux 1 808 581 de 2023'
        counted = [counted_noun(facts, m) for m in reversed(earlier) if not m.unit]
        return next((n for n in counted if n and not _ignored(facts, n)), "")
    return _noun_of_clitic_en(facts, unit, mention) or noun


def _ends_clause(facts: ArticleFacts, mention: Mention) -> bool:
    """Nothing but a date or the end of the clause after the number ('et 500 en 2025.')."""
    after = facts.text[mention.end : mention.end + 40]
    if re.match(r"\s*(?:[.;,)]|$)", after):
        return True
    dates = [d for d in facts.value_mentions(facts.unit_at(mention.start), "DATE") if d.start >= mention.end]
    return bool(dates) and re.fullmatch(r"\s*(?:en|d['’]ici|à partir de|dès|pour|fin|début)?\s*", facts.text[mention.end : dates[0].start]) is not None


def _noun_of_clitic_en(facts: ArticleFacts, unit: Unit, mention: Mention) -> str:
    """'1 500 points de charge … L'objectif est d'en aligner 7 000': the clitic 'en' before the
    verb stands for the noun counted last in this sentence or the one before, the counts after
    a preposition ('dans 24 pays') aside."""
    span = facts.span_of(mention)
    if span is None:
        return ""
    doc = facts.doc
    window = doc[max(span.start - 5, unit.sents[0].start) : span.start]
    clitic = next((t for t in window if t.lower_ == "en" and t.pos_ == "PRON"), None)
    if clitic is None or not all(t.pos_ in ("VERB", "AUX", "ADV", "ADP", "PART") or t.lower_ in _SKIPPABLE for t in doc[clitic.i + 1 : span.start]):
        return ""
    scope = [u for u in facts.units[max(unit.index - 1, 0) : unit.index + 1]]
    counts = [m for u in scope for m in facts.value_mentions(u, "QUANTITY") if m.end <= mention.start and not m.unit]
    for previous in reversed(counts):
        noun = counted_noun(facts, previous)
        if noun and not _ignored(facts, noun) and not _after_preposition(facts, previous):
            return noun
    return ""


def _after_preposition(facts: ArticleFacts, mention: Mention) -> bool:
    """'dans 24 pays', 'sur plus de 1 000 stations': a count that qualifies another thing."""
    before = _APPROXIMATION.sub("", facts.text[max(mention.start - 40, 0) : mention.start])
    return re.search(r"\b(?:dans|sur|en|à|avec|pour|par|de|d['’]|parmi|entre)\s*$", before) is not None


def _ignored(facts: ArticleFacts, unit_name: str) -> bool:
    lex = facts.lex
    return unit_name.lower() in lex.ignored_units or unit_name.lower() in lex.ignored_nouns


def counted_noun(facts: ArticleFacts, mention: Mention) -> str:
    """The singular noun a bare number counts: '12 000 superchargeurs' → superchargeur."""
    span = facts.span_of(mention)
    if span is None:
        return ""
    for token in span:
        if token.dep_ == "nummod" and token.head.i >= span.end and token.head.pos_ == "NOUN":
            return _singular(token.head)
    doc = facts.doc
    for token in doc[span.end : min(span.end + 4, len(doc))]:
        if token.pos_ in ("NOUN", "PROPN") and token.is_alpha and token.text[:1].islower():
            return _singular(token)
        product = facts.entity_at(token, "PRODUCT")
        if product is not None and token.is_alpha:
            # '12 000 superchargeurs' → superchargeur; '8 900 Model Y' → the product's name
            return _singular(token) if token.text[:1].islower() else facts.name_of(product.entity_id) or product.text
        if token.lower_ in _SKIPPABLE or token.pos_ in ("ADJ", "DET"):
            continue
        break
    return ""


def _singular(token: Token) -> str:
    """spaCy's lemma, unless it is no French singular of the word ('Superchargeurs')."""
    word = lemma(token)
    low = token.lower_
    if word and word != low and low.startswith(word[: max(len(word) - 2, 1)]):
        return word
    if low in _INVARIABLE or not low.endswith(("s", "x")) or len(low) <= 3:
        return low
    return low[:-1]


def _carries_fact(facts: ArticleFacts, mention: Mention, unit_name: str) -> bool:
    if _ignored(facts, unit_name):
        return False
    written_in_words = not any(ch.isdigit() for ch in mention.text)
    assert mention.value is not None
    if written_in_words and mention.value < facts.triggers.figures.min_word_count:
        return False
    text = facts.text
    before = text[max(mention.start - 20, 0) : mention.start]
    if _RATE.search(before) and not _COMPARED.search(before):
        return False  # '17,5 kWh aux 100 km', '5 l/100 km': the denominator of a rate
    if written_in_words and _ENUMERATION.search(before):
        word = before.rstrip(" ,").split()[-1].lower() if before.strip(" ,") else ""
        if word.strip("’'").split("’")[-1].split("'")[-1] in _NUMBER_WORDS:
            return False  # 'une, deux, trois, quatre usines'
    if mention.label == "PERCENT" and mention.value == 100:
        span = facts.span_of(mention)
        if span is not None and span.end < len(facts.doc) and facts.doc[span.end].pos_ == "ADJ":
            return False  # '100 % électrique'
    return True


def _subject(facts: ArticleFacts, unit: Unit, mention: Mention) -> Mention | None:
    """The organisation (or person, place) the figure is about: the clause's subject, else the nearest name before."""
    span = facts.span_of(mention)
    if span is not None:
        current = span.root
        for _ in range(6):
            subject = next((c for c in current.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None:
                named = facts.np_orgs(subject, ("ORG", "PER", "LOC"))
                if named:
                    return named[0]
            if current.head.i == current.i:
                break
            current = current.head
    names = [m for m in facts.entity_mentions(unit, "ORG") if m.end <= mention.start]
    if names:
        return names[-1]
    names = facts.entity_mentions(unit, "ORG")
    return names[0] if names else None


def _year(facts: ArticleFacts, unit: Unit, mention: Mention, values: list[Mention]) -> int | None:
    """The year tied to a figure: the nearest dated phrase of its sentence with no other figure between."""
    best: tuple[int, int] | None = None
    for date in facts.value_mentions(unit, "DATE"):
        year = year_of_mention(date)
        if year is None or date.text.lower().startswith("depuis"):
            continue  # 'allié de Renault depuis 1999, a vendu 3,4 millions …'

        low, high = sorted((date.start, mention.start))
        if any(low < v.start < high and v is not mention for v in values):
            continue
        distance = abs(date.start - mention.start) + (0 if date.start > mention.start else 40)
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None
