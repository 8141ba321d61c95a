"""Quotes: quotations in « », “ ” or "…", with the speaker resolved."""

from __future__ import annotations

import re

from pipeline.facts.common import ArticleFacts
from pipeline.models import Quote

_QUOTED = re.compile(r"«\s*(?P<a>[^«»]+?)\s*»|“(?P<b>[^“”]+?)”|\"(?P<c>[^\"\n]+?)\"")


def extract_quotes(facts: ArticleFacts) -> list[Quote]:
    rows: list[Quote] = []
    text = facts.doc.text
    for match in _QUOTED.finditer(text):
        quote = next(group for group in match.groups() if group is not None).strip()
        if len(quote.split()) < 3:
            continue
        speaker = _speaker_near(facts, match.start(), match.end())
        if speaker is None:
            continue
        sentence = facts.doc.char_span(match.start(), match.end(), alignment_mode="expand")
        evidence = sentence.sent.text.strip() if sentence is not None else match.group(0)
        rows.append(Quote(speaker, facts.name_of(speaker), quote, evidence))
    return rows


def _speaker_near(facts: ArticleFacts, start: int, end: int) -> str | None:
    """The first person or organisation named right after the quote, else before it."""
    after = [m for m in facts.mentions if m.entity_id and m.label in ("PER", "ORG") and end <= m.start < end + 80]
    if after:
        return after[0].entity_id
    before = [m for m in facts.mentions if m.entity_id and m.label in ("PER", "ORG") and start - 120 <= m.start < start]
    return before[-1].entity_id if before else None
