"""Tables: every SPEC column, plain numbers, facts only for ok articles, atomic swap."""

from __future__ import annotations

import csv
from pathlib import Path

from pipeline.knowledge import KnowledgeBase, KBEntry
from pipeline.models import DocResult, DocumentRow, EntityRecord, Figure, Mention
from pipeline.tables import COLUMNS, TableWriter, format_number

SPEC_COLUMNS = {
    "documents.csv": "doc_id, source, sha256, status, reason, language, language_prob, title, published, n_chars_raw, n_chars_clean, n_paragraphs_raw, n_paragraphs_kept, n_boilerplate, n_duplicates, n_repairs, duplicate_of",
    "segments.csv": "doc_id, index, action, rule, duplicate_of, text",
    "repairs.csv": "doc_id, paragraph, kind, rule, before, after, context",
    "entities.csv": "entity_id, name, type, aliases, n_mentions, n_documents",
    "mentions.csv": "doc_id, paragraph, sentence, start, end, text, label, entity_id, source",
    "partnerships.csv": "doc_id, org_a_id, org_a, org_b_id, org_b, kind, year, evidence",
    "standard_adoptions.csv": "doc_id, org_id, org, standard_id, standard, year, evidence",
    "figures.csv": "doc_id, subject_id, subject, value, unit, raw, year, evidence",
    "quotes.csv": "doc_id, speaker_id, speaker, quote, evidence",
}


def test_columns_start_with_the_spec_columns() -> None:
    for name, spec in SPEC_COLUMNS.items():
        required = spec.split(", ")
        assert COLUMNS[name][: len(required)] == required, name


def test_format_number() -> None:
    assert format_number(7.5e9) == "7500000000"
    assert format_number(7.8) == "7.8"
    assert format_number(None) == ""
    assert format_number(35.3) == "35.3"


def _kb() -> KnowledgeBase:
    return KnowledgeBase([KBEntry(id="org:tesla", name="Tesla", type="ORG", aliases=["Tesla Inc."])])


def _doc(doc_id: str, status: str = "ok") -> DocResult:
    text = "Tesla vend 12 000 voitures."
    return DocResult(
        document=DocumentRow(doc_id=doc_id, source=f"{doc_id}.txt", sha256="s", status=status),
        clean_text=text,
        mentions=[
            Mention(0, 0, 0, 5, "Tesla", "ORG", "org:tesla", "rule"),
            Mention(0, 0, 11, 17, "12 000", "QUANTITY", "", "rule", value=12000.0),
        ],
        entities=[EntityRecord("org:tesla", "Tesla", "ORG", [], True)],
        figures=[Figure("org:tesla", "Tesla", 12000.0, "voiture", "12 000", None, text)],
    )


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_every_table_and_aggregates_entities(tmp_path: Path) -> None:
    writer = TableWriter(tmp_path, _kb())
    writer.add(_doc("a"))
    writer.add(_doc("b"))
    writer.add(_doc("c", status="not_french"))
    counts = writer.commit()
    assert set(counts) == set(COLUMNS)
    entities = _read(tmp_path / "entities.csv")
    assert entities == [
        {"entity_id": "org:tesla", "name": "Tesla", "type": "ORG", "aliases": "Tesla Inc.", "n_mentions": "2",
         "n_documents": "2", "in_knowledge_base": "true"}
    ]
    figures = _read(tmp_path / "figures.csv")
    assert [row["doc_id"] for row in figures] == ["a", "b"]  # no facts for the not_french article
    assert figures[0]["value"] == "12000" and figures[0]["year"] == ""
    assert (tmp_path / "clean" / "c.txt").is_file()
    assert not list(tmp_path.glob(".staging-*"))
    raw = (tmp_path / "mentions.csv").read_bytes()
    assert b"\r\n" not in raw


def test_abort_leaves_previous_tables(tmp_path: Path) -> None:
    first = TableWriter(tmp_path, _kb())
    first.add(_doc("a"))
    first.commit()
    before = (tmp_path / "documents.csv").read_bytes()
    second = TableWriter(tmp_path, _kb())
    second.add(_doc("z"))
    second.abort()
    assert (tmp_path / "documents.csv").read_bytes() == before
    assert not list(tmp_path.glob(".staging-*"))
