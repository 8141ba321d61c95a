"""Stage 8 — link: every entity mention points at exactly one entity id.

Known names get their knowledge-base id; other entities get an id made from
their normalised name, so the same thing in two articles gets the same id.
"""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

from pipeline.knowledge import KnowledgeBase, entity_id_for
from pipeline.models import CleanDocument, EntityRecord, Mention

# spaCy's French model says PER/ORG/LOC/MISC; the knowledge base adds the rest.
_MODEL_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


def paragraph_of(clean: CleanDocument, offset: int) -> int:
    """Segment index of the kept paragraph holding `offset`."""
    starts = [start for start, _ in clean.paragraph_spans]
    position = bisect_right(starts, offset) - 1
    return clean.paragraphs[max(position, 0)] if clean.paragraphs else 0


def sentence_starts(doc: Doc) -> list[int]:
    return [sent.start_char for sent in doc.sents]


def sentence_of(starts: list[int], offset: int) -> int:
    return max(bisect_right(starts, offset) - 1, 0)


def link_entities(doc: Doc, clean: CleanDocument, kb: KnowledgeBase) -> tuple[list[Mention], list[EntityRecord]]:
    """Mentions of named entities with their ids, and what the article says of each."""
    starts = sentence_starts(doc)
    mentions: list[Mention] = []
    records: dict[str, EntityRecord] = {}
    for ent in doc.ents:
        label = ent.label_ if ent.ent_id_ else _MODEL_LABELS.get(ent.label_)
        if label is None:
            continue
        entity_id, name, entity_type, known = _resolve(ent, label, kb)
        source = "rule" if ent.ent_id_ else "model"
        mentions.append(
            Mention(
                paragraph=paragraph_of(clean, ent.start_char),
                sentence=sentence_of(starts, ent.start_char),
                start=ent.start_char,
                end=ent.end_char,
                text=ent.text,
                label=entity_type,
                entity_id=entity_id,
                source=source,
            )
        )
        record = records.setdefault(entity_id, EntityRecord(entity_id, name, entity_type, [], known))
        if ent.text not in record.aliases and ent.text != name:
            record.aliases.append(ent.text)
    return mentions, list(records.values())


def _resolve(ent: Span, label: str, kb: KnowledgeBase) -> tuple[str, str, str, bool]:
    """(id, canonical name, type, known) of one entity span."""
    entry = kb.by_id.get(ent.ent_id_) if ent.ent_id_ else kb.lookup(ent.text)
    if entry is not None:
        return entry.id, entry.name, entry.type, True
    return entity_id_for(label, ent.text), ent.text, label, False
