"""Standard adoptions: an organisation adopts a charging standard."""

from __future__ import annotations

from pipeline.facts.common import ArticleFacts, has_trigger, year_in
from pipeline.models import Adoption


def extract_adoptions(facts: ArticleFacts) -> list[Adoption]:
    rows: list[Adoption] = []
    seen: set[tuple[str, str]] = set()
    for sentence in facts.sentences:
        if not has_trigger(sentence, facts.triggers.adoption):
            continue
        standards = facts.entity_mentions(sentence, "STANDARD")
        orgs = facts.entity_mentions(sentence, "ORG")
        if not standards or not orgs:
            continue
        org, standard = orgs[0], standards[0]
        key = (org.entity_id, standard.entity_id)
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            Adoption(
                org.entity_id,
                facts.name_of(org.entity_id),
                standard.entity_id,
                facts.name_of(standard.entity_id),
                year_in(facts, sentence),
                sentence.text.strip(),
            )
        )
    return rows
