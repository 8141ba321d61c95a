"""Stage 10 — tables: write the CSV files and clean texts of SPEC.md.

Rows are streamed article by article (in doc_id order) into temporary files
that replace the previous tables only once all are complete, so an
interrupted run leaves the previous complete set. Only the entity table is
aggregated in memory, one small record per distinct entity.
"""

from __future__ import annotations

import csv
import os
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.knowledge import KnowledgeBase
from pipeline.models import STATUS_OK, DocResult

COLUMNS: dict[str, list[str]] = {
    "documents.csv": [
        "doc_id", "source", "sha256", "status", "reason", "language", "language_prob", "title",
        "published", "n_chars_raw", "n_chars_clean", "n_paragraphs_raw", "n_paragraphs_kept",
        "n_boilerplate", "n_duplicates", "n_repairs", "duplicate_of", "encoding",
    ],
    "segments.csv": ["doc_id", "index", "action", "rule", "duplicate_of", "text"],
    "repairs.csv": ["doc_id", "paragraph", "kind", "rule", "before", "after", "context"],
    "entities.csv": ["entity_id", "name", "type", "aliases", "n_mentions", "n_documents", "in_knowledge_base"],
    "mentions.csv": [
        "doc_id", "paragraph", "sentence", "start", "end", "text", "label", "entity_id", "source",
        "value", "unit", "normalized",
    ],
    "partnerships.csv": ["doc_id", "org_a_id", "org_a", "org_b_id", "org_b", "kind", "year", "evidence"],
    "standard_adoptions.csv": ["doc_id", "org_id", "org", "standard_id", "standard", "year", "evidence"],
    "figures.csv": ["doc_id", "subject_id", "subject", "value", "unit", "raw", "year", "evidence"],
    "quotes.csv": ["doc_id", "speaker_id", "speaker", "quote", "evidence"],
}
CLEAN_DIR = "clean"


def format_number(value: float | int | None) -> str:
    """Plain number as users want it in a CSV: 7500000000, 7.8, never 7.5e9."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return format(float(value), ".10g") if abs(value) < 1e15 else str(value)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float):
        return format_number(value)
    return value


@dataclass
class _EntityTotals:
    name: str
    type: str
    known: bool
    aliases: set[str] = field(default_factory=set)
    surface: Counter[str] = field(default_factory=Counter)
    n_mentions: int = 0
    n_documents: int = 0
    last_document: str = ""  # articles arrive one at a time: counting needs only the last one


@dataclass
class TableCounts:
    rows: dict[str, int] = field(default_factory=dict)


class TableWriter:
    """Streams every table into a staging folder, then swaps it in."""

    def __init__(self, output_dir: Path, kb: KnowledgeBase) -> None:
        self.output_dir = Path(output_dir)
        self.kb = kb
        self.staging = self.output_dir / f".staging-{os.getpid()}"
        shutil.rmtree(self.staging, ignore_errors=True)
        (self.staging / CLEAN_DIR).mkdir(parents=True)
        self._files = {name: open(self.staging / name, "w", encoding="utf-8", newline="") for name in COLUMNS}
        self._writers = {name: csv.writer(handle, lineterminator="\n") for name, handle in self._files.items()}
        for name, columns in COLUMNS.items():
            self._writers[name].writerow(columns)
        self.counts = Counter[str]()
        self._entities: dict[str, _EntityTotals] = {}

    def _row(self, table: str, values: Iterable[object]) -> None:
        self._writers[table].writerow([_cell(v) for v in values])
        self.counts[table] += 1

    def add(self, result: DocResult) -> None:
        """Write one article's rows (facts only for articles with status ok)."""
        d = result.document
        doc_id = d.doc_id
        self._row("documents.csv", [getattr(d, column) for column in COLUMNS["documents.csv"]])
        for s in result.segments:
            self._row("segments.csv", [doc_id, s.index, s.action, s.rule, s.duplicate_of, s.text])
        for r in result.repairs:
            self._row("repairs.csv", [doc_id, r.paragraph, r.kind, r.rule, r.before, r.after, r.context])
        if d.status in ("ok", "not_french", "duplicate") or result.clean_text:
            (self.staging / CLEAN_DIR / f"{doc_id}.txt").write_text(
                result.clean_text + ("\n" if result.clean_text else ""), encoding="utf-8"
            )
        if d.status != STATUS_OK:
            return
        records = {record.entity_id: record for record in result.entities}
        for m in result.mentions:
            self._row(
                "mentions.csv",
                [doc_id, m.paragraph, m.sentence, m.start, m.end, m.text, m.label, m.entity_id, m.source,
                 m.value, m.unit, m.normalized],
            )
            if m.entity_id:
                self._count_entity(doc_id, m.entity_id, m.text, records)
        for p in result.partnerships:
            self._row("partnerships.csv", [doc_id, p.org_a_id, p.org_a, p.org_b_id, p.org_b, p.kind, p.year, p.evidence])
        for a in result.adoptions:
            self._row("standard_adoptions.csv", [doc_id, a.org_id, a.org, a.standard_id, a.standard, a.year, a.evidence])
        for f in result.figures:
            self._row("figures.csv", [doc_id, f.subject_id, f.subject, f.value, f.unit, f.raw, f.year, f.evidence])
        for q in result.quotes:
            self._row("quotes.csv", [doc_id, q.speaker_id, q.speaker, q.quote, q.evidence])

    def _count_entity(self, doc_id: str, entity_id: str, surface: str, records: dict) -> None:  # type: ignore[type-arg]
        totals = self._entities.get(entity_id)
        if totals is None:
            record = records.get(entity_id)
            entry = self.kb.by_id.get(entity_id)
            if entry is not None:
                totals = _EntityTotals(entry.name, entry.type, True, set(entry.aliases))
            else:
                totals = _EntityTotals(record.name if record else surface, record.type if record else "MISC", False)
            self._entities[entity_id] = totals
        totals.surface[surface] += 1
        totals.n_mentions += 1
        if totals.last_document != doc_id:
            totals.n_documents += 1
            totals.last_document = doc_id

    def commit(self) -> dict[str, int]:
        """Finish the entity table and swap the staging folder in."""
        for entity_id in sorted(self._entities):
            t = self._entities[entity_id]
            name = t.name if t.known else min(t.surface.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            aliases = sorted((t.aliases | set(t.surface)) - {name})
            self._row(
                "entities.csv",
                [entity_id, name, t.type, "|".join(aliases), t.n_mentions, t.n_documents, str(t.known).lower()],
            )
        for handle in self._files.values():
            handle.close()
        self.output_dir.mkdir(parents=True, exist_ok=True)
        for name in COLUMNS:
            os.replace(self.staging / name, self.output_dir / name)
        old_clean = self.output_dir / CLEAN_DIR
        retired = self.output_dir / f".retired-{os.getpid()}"
        if old_clean.exists():
            os.replace(old_clean, retired)
        os.replace(self.staging / CLEAN_DIR, old_clean)
        shutil.rmtree(retired, ignore_errors=True)
        shutil.rmtree(self.staging, ignore_errors=True)
        return {name: self.counts[name] for name in COLUMNS}

    def abort(self) -> None:
        for handle in self._files.values():
            handle.close()
        shutil.rmtree(self.staging, ignore_errors=True)
