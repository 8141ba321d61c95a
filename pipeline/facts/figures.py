"""Figures: numbers that carry a fact, with their unit and the noun they count."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.facts.common import ArticleFacts, year_in
from pipeline.models import Figure, Mention


def extract_figures(facts: ArticleFacts) -> list[Figure]:
    rows: list[Figure] = []
    seen: set[tuple[float, str]] = set()
    for sentence in facts.sentences:
        for mention in facts.value_mentions(sentence, "MONEY", "PERCENT", "QUANTITY"):
            if mention.value is None:
                continue
            unit = mention.unit or counted_noun(facts, sentence, mention)
            if not unit:
                continue
            key = (mention.value, unit)
            if key in seen:
                continue
            seen.add(key)
            subject = facts.entity_mentions(sentence, "ORG", "PER", "LOC")
            subject_id = subject[0].entity_id if subject else ""
            rows.append(
                Figure(
                    subject_id,
                    facts.name_of(subject_id),
                    mention.value,
                    unit,
                    mention.text,
                    year_in(facts, sentence),
                    sentence.text.strip(),
                )
            )
    return rows


def counted_noun(facts: ArticleFacts, sentence: Span, mention: Mention) -> str:
    """The singular noun a bare number counts: '12 000 superchargeurs' → superchargeur."""
    doc = facts.doc
    after = doc.char_span(mention.end, sentence.end_char, alignment_mode="expand")
    if after is None:
        return ""
    for token in list(after)[:4]:
        if token.pos_ in ("NOUN", "PROPN") and token.is_alpha:
            return token.lemma_.lower()
        if token.pos_ not in ("ADJ", "ADP", "DET") and token.lower_ not in ("de", "d'", "d’"):
            break
    return ""
