"""Partnerships: two organisations joined by a stated cooperation in one sentence."""

from __future__ import annotations

from pipeline.facts.common import ArticleFacts, has_trigger, year_in
from pipeline.models import Partnership


def extract_partnerships(facts: ArticleFacts) -> list[Partnership]:
    rows: list[Partnership] = []
    seen: set[frozenset[str]] = set()
    for sentence in facts.sentences:
        kind = next(
            (kind for kind, words in facts.triggers.partnership.items() if has_trigger(sentence, words)),
            "",
        )
        if not kind:
            continue
        orgs: list[str] = []
        for mention in facts.entity_mentions(sentence, "ORG"):
            if mention.entity_id not in orgs:
                orgs.append(mention.entity_id)
        if len(orgs) < 2:
            continue
        pair = frozenset(orgs[:2])
        if pair in seen:
            continue
        seen.add(pair)
        a, b = sorted(pair)
        rows.append(
            Partnership(a, facts.name_of(a), b, facts.name_of(b), kind, year_in(facts, sentence), sentence.text.strip())
        )
    return rows
