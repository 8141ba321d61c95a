"""Score an output folder against the gold annotations (the scorer behind `make eval`).

The gold format and its matching rules are described in `gold/FORMAT.md`. This
module only reads files: it never changes the output it scores. Everything is
computed in a fixed order so two runs on the same files print the same report.

Public API::

    load_gold(gold_dir)   -> dict[doc_id, GoldDoc]
    load_output(out_dir)  -> OutputSet
    score(output, gold)   -> EvalReport
    format_report(report, details=False) -> str
    evaluate_dir(out_dir, gold_dir) -> EvalReport
    EvalReport.to_dict()  -> plain dict, ready for json.dumps

Counting conventions, shared by every fact table:
- only documents that have a gold file are scored;
- matching is one-to-one and deterministic; among several possible pairings it
  first pairs required gold items, then exact canonical names before aliases,
  and it keeps the number of matched items maximal;
- TP: a required gold item that was matched; FN: a required gold item that was
  not; FP: a prediction that matches no gold item at all;
- a prediction matched to an *optional* gold item is neither TP nor FP
  (counted as `optional`); a prediction that matches some gold item which is
  already taken by another prediction is neither TP nor FP either (counted as
  `dup`, listed in the details so redundant output stays visible).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import re
import sys
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import pandas as pd
import yaml

TABLES: tuple[str, ...] = ("entities", "partnerships", "adoptions", "figures", "quotes")
"""Fact tables scored with precision / recall / F1, in report order."""

CLEANING: tuple[str, ...] = (
    "boilerplate",
    "keep",
    "repairs",
    "paragraphs",
    "language",
    "published",
    "title",
)
"""Cleaning checks, in report order."""

CLEANING_LABELS: dict[str, str] = {
    "boilerplate": "boilerplate removed",
    "keep": "content kept",
    "repairs": "repairs made",
    "paragraphs": "paragraphs (±1)",
    "language": "language",
    "published": "published",
    "title": "title",
}

ENTITY_TYPES = frozenset({"PER", "ORG", "LOC", "MISC", "STANDARD", "PRODUCT"})
REL_TOL = 1e-6
QUOTE_PREFIX_CHARS = 20
_CURRENCY_RE = re.compile(r"[A-Z]{3}")

# Columns the scorer reads from each output file (SPEC.md lists more; extra
# columns are ignored). Missing files are empty tables; a present file without
# one of these columns is a contract violation and raises ValueError.
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "language", "title", "published", "n_paragraphs_kept"),
    "repairs": ("doc_id",),
    "entities": ("entity_id", "name", "type", "aliases"),
    "mentions": ("doc_id", "entity_id"),
    "partnerships": ("doc_id", "org_a_id", "org_a", "org_b_id", "org_b"),
    "standard_adoptions": ("doc_id", "org_id", "org", "standard_id", "standard", "year"),
    "figures": ("doc_id", "value", "unit"),
    "quotes": ("doc_id", "speaker_id", "speaker", "quote"),
}
# Read when present (used for nicer details / fallbacks), never required.
_OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "documents": ("status",),
    "mentions": ("text", "label"),
    "figures": ("raw", "subject"),
}


# --------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_NON_ALNUM = re.compile(r"[\W_]+")
_WS = re.compile(r"\s+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_QUOTE_MARKS = "«»“”„‟\"‘’'‹›"


def norm_name(value: Any) -> str:
    """Canonical form of a name, so that case, accents and punctuation never
    decide a match ("Borne +" == "borne", "Énergies" == "energies")."""
    text = unicodedata.normalize("NFKD", str(value).translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def norm_text(value: str) -> str:
    """Form used for substring checks on the cleaned text: NFC, ’ == ', and
    whitespace runs collapsed (not stripped: "Musc " must keep its space)."""
    text = unicodedata.normalize("NFC", value).translate(_APOSTROPHES)
    return _WS.sub(" ", text)


def norm_quote(value: str) -> str:
    """Form used to compare quotations: the surrounding quote marks and spaces
    go, whitespace is collapsed and ’ becomes '."""
    text = unicodedata.normalize("NFC", value)
    text = _WS.sub(" ", text).strip(_QUOTE_MARKS + " ")
    return text.translate(_APOSTROPHES)


def _names(*values: str) -> frozenset[str]:
    """Normalised, non-empty name set (a name made only of punctuation is no name)."""
    return frozenset(n for n in (norm_name(v) for v in values) if n)


def _split_aliases(value: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in str(value).split("|") if a.strip())


def _norm_year(value: Any) -> str:
    """Years compare as text; null, '' and NaN all mean "no year"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    text = str(value).strip()
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text


def _norm_published(value: Any) -> str:
    """YAML turns 2023-10-05 into a date and 2023 into an int: bring both back to text."""
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value).strip()


def _parse_float(value: Any) -> float | None:
    """Parse a value cell; French spacing / decimal comma tolerated, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=0.0)


def _fmt_num(value: float | None) -> str:
    if value is None:
        return "?"
    if value.is_integer() and abs(value) < 1e18:
        return str(int(value))
    return repr(value)


def _is_currency(unit: str) -> bool:
    return bool(_CURRENCY_RE.fullmatch(unit))


def _short(text: str, limit: int = 70) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    """A named entity the editor expects; `optional` ones are never penalised."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    optional: bool = False

    @property
    def names(self) -> frozenset[str]:
        return _names(self.name, *self.aliases)


@dataclass(frozen=True)
class GoldPartnership:
    """Unordered pair of cooperating organisations."""

    a: str
    b: str
    optional: bool = False


@dataclass(frozen=True)
class GoldAdoption:
    """Organisation adopting a standard; `year` is '' when the gold says null."""

    org: str
    standard: str
    year: str = ""
    optional: bool = False


@dataclass(frozen=True)
class GoldFigure:
    """A number that carries a fact; the unit only matters for currencies."""

    value: float
    unit: str
    year: str = ""
    optional: bool = False

    @property
    def currency(self) -> bool:
        return _is_currency(self.unit)


@dataclass(frozen=True)
class GoldQuote:
    """A quotation, identified by its speaker and its first words."""

    speaker: str
    starts: str
    optional: bool = False


@dataclass(frozen=True)
class GoldRepair:
    """A slip that must disappear (`wrong`) and one of its accepted fixes (`right`)."""

    wrong: str
    right: tuple[str, ...]


@dataclass
class GoldDoc:
    """Everything a careful editor says about one article (one gold YAML file)."""

    doc_id: str
    language: str
    published: str
    unique_paragraphs: int | None
    title: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    either: list[str] = field(default_factory=list)
    repairs: list[GoldRepair] = field(default_factory=list)
    entities: list[GoldEntity] = field(default_factory=list)
    partnerships: list[GoldPartnership] = field(default_factory=list)
    adoptions: list[GoldAdoption] = field(default_factory=list)
    figures: list[GoldFigure] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)

    def names_of(self, name: str) -> frozenset[str]:
        """Normalised names a relation's `name` stands for: itself plus the
        name and aliases of the gold entity it designates (by name first,
        then by alias, e.g. "NACS")."""
        key = norm_name(name)
        for entity in self.entities:
            if norm_name(entity.name) == key:
                return entity.names | _names(name)
        for entity in self.entities:
            if key and key in entity.names:
                return entity.names | _names(name)
        return _names(name)


class _GoldError(Exception):
    """Internal: a structural problem, turned into ValueError naming the file."""


def _req(mapping: dict, key: str, where: str) -> Any:
    if not isinstance(mapping, dict):
        raise _GoldError(f"{where}: expected a mapping, got {type(mapping).__name__}")
    if key not in mapping:
        raise _GoldError(f"{where}: missing key {key!r}")
    return mapping[key]


def _str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _GoldError(f"{where}: expected a list, got {type(value).__name__}")
    out = []
    for item in value:
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise _GoldError(f"{where}: expected strings, got {item!r}")
        out.append(str(item))
    return out


def _items(value: Any, where: str) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        raise _GoldError(f"{where}: expected a list of mappings")
    return value


def _opt(item: dict) -> bool:
    return item.get("optional") is True


def _text(value: Any, where: str) -> str:
    if value is None or isinstance(value, (dict, list, bool)):
        raise _GoldError(f"{where}: expected a text, got {value!r}")
    text = str(value)
    if not text.strip():
        raise _GoldError(f"{where}: empty text")
    return text


def _parse_gold(data: Any, stem: str) -> GoldDoc:
    if not isinstance(data, dict):
        raise _GoldError("the file is not a YAML mapping")
    doc_id = str(data.get("doc_id", stem))
    if doc_id != stem:
        raise _GoldError(f"doc_id {doc_id!r} does not match the file name {stem!r}")
    paragraphs = _req(data, "unique_paragraphs", "top level")
    if paragraphs is not None and (isinstance(paragraphs, bool) or not isinstance(paragraphs, int)):
        raise _GoldError(f"unique_paragraphs: expected an integer, got {paragraphs!r}")
    title = data.get("title")
    doc = GoldDoc(
        doc_id=doc_id,
        language=str(_req(data, "language", "top level") or "").strip(),
        published=_norm_published(_req(data, "published", "top level")),
        unique_paragraphs=paragraphs,
        title=None if title is None or not str(title).strip() else str(title),
        boilerplate=_str_list(data.get("boilerplate"), "boilerplate"),
        keep=_str_list(data.get("keep"), "keep"),
        either=_str_list(data.get("either"), "either"),
    )
    for i, item in enumerate(_items(data.get("repairs"), "repairs")):
        where = f"repairs[{i}]"
        right = _req(item, "right", where)
        right_list = [str(right)] if isinstance(right, str) else _str_list(right, where + ".right")
        doc.repairs.append(GoldRepair(_text(_req(item, "wrong", where), where + ".wrong"), tuple(right_list)))
    for i, item in enumerate(_items(data.get("entities"), "entities")):
        where = f"entities[{i}]"
        etype = str(_req(item, "type", where)).strip().upper()
        if etype not in ENTITY_TYPES:
            raise _GoldError(f"{where}: unknown type {etype!r} (expected one of {sorted(ENTITY_TYPES)})")
        doc.entities.append(
            GoldEntity(
                name=_text(_req(item, "name", where), where + ".name"),
                type=etype,
                aliases=tuple(_str_list(item.get("aliases"), where + ".aliases")),
                optional=_opt(item),
            )
        )
    relations = data.get("relations") or {}
    if not isinstance(relations, dict):
        raise _GoldError("relations: expected a mapping")
    for i, item in enumerate(_items(relations.get("partnerships"), "relations.partnerships")):
        where = f"relations.partnerships[{i}]"
        doc.partnerships.append(
            GoldPartnership(
                _text(_req(item, "a", where), where + ".a"),
                _text(_req(item, "b", where), where + ".b"),
                _opt(item),
            )
        )
    for i, item in enumerate(_items(relations.get("standard_adoptions"), "relations.standard_adoptions")):
        where = f"relations.standard_adoptions[{i}]"
        doc.adoptions.append(
            GoldAdoption(
                _text(_req(item, "org", where), where + ".org"),
                _text(_req(item, "standard", where), where + ".standard"),
                _norm_year(item.get("year")),
                _opt(item),
            )
        )
    for i, item in enumerate(_items(data.get("figures"), "figures")):
        where = f"figures[{i}]"
        value = _parse_float(_req(item, "value", where))
        if value is None:
            raise _GoldError(f"{where}.value: not a number: {item.get('value')!r}")
        unit = item.get("unit")
        doc.figures.append(
            GoldFigure(value, "" if unit is None else str(unit).strip(), _norm_year(item.get("year")), _opt(item))
        )
    for i, item in enumerate(_items(data.get("quotes"), "quotes")):
        where = f"quotes[{i}]"
        doc.quotes.append(
            GoldQuote(
                _text(_req(item, "speaker", where), where + ".speaker"),
                _text(_req(item, "starts", where), where + ".starts"),
                _opt(item),
            )
        )
    return doc


def load_gold(gold_dir: Path) -> dict[str, GoldDoc]:
    """Read every `*.yaml` gold file of a folder, keyed by doc_id.

    Raises ValueError naming the file when one cannot be parsed, so a typo in
    an annotation is fixed instead of silently scoring against less gold."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise FileNotFoundError(f"gold folder not found: {gold_dir}")
    gold: dict[str, GoldDoc] = {}
    paths = sorted(list(gold_dir.glob("*.yaml")) + list(gold_dir.glob("*.yml")))
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
            doc = _parse_gold(data, path.stem)
        except (yaml.YAMLError, UnicodeDecodeError, _GoldError) as exc:
            raise ValueError(f"invalid gold file {path}: {exc}") from exc
        if doc.doc_id in gold:
            raise ValueError(f"invalid gold file {path}: doc_id {doc.doc_id!r} is already defined")
        gold[doc.doc_id] = doc
    return gold


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


@dataclass
class OutputSet:
    """The tables of one output folder, all cells as strings ('' when empty)."""

    root: Path
    documents: pd.DataFrame
    repairs: pd.DataFrame
    entities: pd.DataFrame
    mentions: pd.DataFrame
    partnerships: pd.DataFrame
    standard_adoptions: pd.DataFrame
    figures: pd.DataFrame
    quotes: pd.DataFrame
    clean: dict[str, str] = field(default_factory=dict)


def _empty_table(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})


def _read_table(path: Path, name: str) -> pd.DataFrame:
    """A CSV as strings; a missing or header-only file is an empty table."""
    required = OUTPUT_COLUMNS[name]
    columns = required + _OPTIONAL_COLUMNS.get(name, ())
    if not path.is_file():
        return _empty_table(columns)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        return _empty_table(columns)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path}: {exc}") from exc
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for column in columns:
        if column not in df.columns:
            df[column] = ""
    return df.astype(object).fillna("")


def load_output(output_dir: Path) -> OutputSet:
    """Read the tables and cleaned texts the pipeline wrote (segments.csv is
    not needed for scoring and is not read)."""
    output_dir = Path(output_dir)
    if not output_dir.is_dir():
        raise FileNotFoundError(f"output folder not found: {output_dir} (run `make extract` first)")
    clean: dict[str, str] = {}
    clean_dir = output_dir / "clean"
    if clean_dir.is_dir():
        for path in sorted(clean_dir.glob("*.txt")):
            clean[path.stem] = path.read_text(encoding="utf-8-sig", errors="replace")
    return OutputSet(
        root=output_dir,
        documents=_read_table(output_dir / "documents.csv", "documents"),
        repairs=_read_table(output_dir / "repairs.csv", "repairs"),
        entities=_read_table(output_dir / "entities.csv", "entities"),
        mentions=_read_table(output_dir / "mentions.csv", "mentions"),
        partnerships=_read_table(output_dir / "partnerships.csv", "partnerships"),
        standard_adoptions=_read_table(output_dir / "standard_adoptions.csv", "standard_adoptions"),
        figures=_read_table(output_dir / "figures.csv", "figures"),
        quotes=_read_table(output_dir / "quotes.csv", "quotes"),
        clean=clean,
    )


# --------------------------------------------------------------------------
# Report structures
# --------------------------------------------------------------------------


@dataclass
class TableScore:
    """Micro-averaged counts of one fact table."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    dup: int = 0
    optional: int = 0

    @property
    def scored(self) -> bool:
        """False when there was nothing to score (no gold, no prediction)."""
        return bool(self.tp or self.fp or self.fn)

    @property
    def precision(self) -> float:
        if self.tp + self.fp:
            return self.tp / (self.tp + self.fp)
        return 1.0 if self.fn == 0 else 0.0

    @property
    def recall(self) -> float:
        if self.tp + self.fn:
            return self.tp / (self.tp + self.fn)
        return 1.0 if self.fp == 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "TableScore") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.dup += other.dup
        self.optional += other.optional

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "dup": self.dup,
            "optional": self.optional,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "scored": self.scored,
        }


@dataclass
class Share:
    """hits out of total; `value` is None when there was nothing to check."""

    hits: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hits / self.total if self.total else None

    def add(self, ok: bool) -> None:
        self.total += 1
        self.hits += int(ok)

    def to_dict(self) -> dict[str, Any]:
        return {"hits": self.hits, "total": self.total, "share": self.value}


@dataclass(frozen=True)
class Issue:
    """One line of the details: what went wrong, where."""

    table: str
    kind: str
    text: str


@dataclass
class DocReport:
    """Per-document counts and issues (what developers read to fix rules)."""

    doc_id: str
    in_output: bool
    counts: dict[str, TableScore] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    paragraphs_kept: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "in_output": self.in_output,
            "counts": {name: score.to_dict() for name, score in self.counts.items()},
            "paragraphs_kept": self.paragraphs_kept,
            "issues": [asdict(issue) for issue in self.issues],
        }


@dataclass
class EvalReport:
    """Scores of one output folder against one gold folder."""

    tables: dict[str, TableScore]
    cleaning: dict[str, Share]
    adoption_year: Share
    paragraph_diffs: list[int]
    docs: list[DocReport]
    missing_docs: list[str]
    ignored_docs: list[str]

    @property
    def n_gold_docs(self) -> int:
        return len(self.docs)

    @property
    def paragraphs_mean_abs_diff(self) -> float | None:
        if not self.paragraph_diffs:
            return None
        return sum(self.paragraph_diffs) / len(self.paragraph_diffs)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-serialisable) for dashboards and regression checks."""
        return {
            "n_gold_docs": self.n_gold_docs,
            "missing_docs": list(self.missing_docs),
            "ignored_docs": list(self.ignored_docs),
            "tables": {name: self.tables[name].to_dict() for name in TABLES},
            "adoption_year": self.adoption_year.to_dict(),
            "cleaning": {name: self.cleaning[name].to_dict() for name in CLEANING},
            "paragraphs_mean_abs_diff": self.paragraphs_mean_abs_diff,
            "docs": [doc.to_dict() for doc in self.docs],
        }


# --------------------------------------------------------------------------
# One-to-one matching
# --------------------------------------------------------------------------


def _assign(n_pred: int, edges: dict[tuple[int, int], tuple[int, int]]) -> dict[int, int]:
    """Maximum one-to-one matching pred -> gold, built tier by tier.

    `edges[(p, g)]` is the tier of a possible pair (lower is preferred). Pairs
    of the best tier are matched first; later tiers only add pairs through
    augmenting paths, which never unmatch a gold item, so a preferred gold
    item once found stays found. Iteration order is fixed: deterministic."""
    match_pred: dict[int, int] = {}
    match_gold: dict[int, int] = {}
    by_pred: dict[int, list[tuple[tuple[int, int], int]]] = {}
    for (p, g), tier in edges.items():
        by_pred.setdefault(p, []).append((tier, g))
    for options in by_pred.values():
        options.sort()

    def augment(p: int, limit: tuple[int, int], seen: set[int]) -> bool:
        for tier, g in by_pred.get(p, ()):
            if tier > limit or g in seen:
                continue
            seen.add(g)
            if g not in match_gold or augment(match_gold[g], limit, seen):
                match_gold[g] = p
                match_pred[p] = g
                return True
        return False

    for limit in sorted(set(edges.values())):
        for p in range(n_pred):
            if p not in match_pred and p in by_pred:
                augment(p, limit, set())
    return match_pred


@dataclass
class _Match:
    score: TableScore
    pairs: dict[int, int]  # pred index -> gold index
    fn: list[int]  # required gold items not found
    fp: list[int]  # predictions matching nothing
    dup: list[tuple[int, int]]  # (pred, a gold it matches) for redundant predictions


def _match(
    n_pred: int,
    golds: Sequence[Any],
    quality: Callable[[int, int], int | None],
) -> _Match:
    """Match predictions to gold items; `quality(p, g)` is None when they do not
    match, else 0 for an exact match and 1 for a looser one."""
    edges: dict[tuple[int, int], tuple[int, int]] = {}
    for p in range(n_pred):
        for g, item in enumerate(golds):
            q = quality(p, g)
            if q is not None:
                edges[(p, g)] = (int(item.optional), q)
    pairs = _assign(n_pred, edges)
    score = TableScore()
    fn: list[int] = []
    fp: list[int] = []
    dup: list[tuple[int, int]] = []
    found = set(pairs.values())
    for g, item in enumerate(golds):
        if item.optional:
            continue
        if g in found:
            score.tp += 1
        else:
            score.fn += 1
            fn.append(g)
    for p in range(n_pred):
        if p in pairs:
            if golds[pairs[p]].optional:
                score.optional += 1
            continue
        candidates = sorted(g for (pp, g) in edges if pp == p)
        if candidates:
            score.dup += 1
            dup.append((p, candidates[0]))
        else:
            score.fp += 1
            fp.append(p)
    return _Match(score, pairs, fn, fp, dup)


# --------------------------------------------------------------------------
# Predictions
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class _PredEntity:
    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> frozenset[str]:
        return _names(self.name, *self.aliases)

    def label(self) -> str:
        return f"{self.name} [{self.type}] {self.entity_id}"


@dataclass(frozen=True)
class _PredOrg:
    """One side of a relation: the name written in the row plus what
    entities.csv knows about its id."""

    key: str
    name: str
    names: frozenset[str]


def _entity_index(entities: pd.DataFrame) -> dict[str, _PredEntity]:
    index: dict[str, _PredEntity] = {}
    for row in entities.to_dict("records"):
        entity_id = str(row["entity_id"]).strip()
        if entity_id and entity_id not in index:
            index[entity_id] = _PredEntity(
                entity_id,
                str(row["name"]).strip(),
                str(row["type"]).strip().upper(),
                _split_aliases(row["aliases"]),
            )
    return index


def _by_doc(df: pd.DataFrame) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for row in df.to_dict("records"):
        grouped.setdefault(str(row["doc_id"]).strip(), []).append(
            {k: ("" if v is None else str(v)) for k, v in row.items()}
        )
    return grouped


def _pred_org(name: str, entity_id: str, index: dict[str, _PredEntity]) -> _PredOrg:
    entity_id = entity_id.strip()
    name = name.strip()
    known = index.get(entity_id)
    names = _names(name)
    if known is not None:
        names |= known.names
        name = name or known.name
    key = entity_id or "name:" + norm_name(name)
    return _PredOrg(key, name, names)


def _org_quality(pred: _PredOrg, gold_name: str, doc: GoldDoc) -> int | None:
    """0: same name; 1: alias-aware match (see GoldDoc.names_of); None: no match."""
    if norm_name(pred.name) and norm_name(pred.name) == norm_name(gold_name):
        return 0
    return 1 if pred.names & doc.names_of(gold_name) else None


def _pair_quality(qualities: Iterable[int | None]) -> int | None:
    values = list(qualities)
    return None if any(q is None for q in values) else max(values)  # type: ignore[type-var]


# --------------------------------------------------------------------------
# Per-table scoring
# --------------------------------------------------------------------------


def _score_entities(doc: GoldDoc, mentions: list[dict[str, str]], index: dict[str, _PredEntity], rep: DocReport) -> TableScore:
    """Predicted entities are the distinct linked entity_ids of the document's mentions."""
    preds: dict[str, _PredEntity] = {}
    for row in mentions:
        entity_id = row.get("entity_id", "").strip()
        if not entity_id or entity_id in preds:
            continue
        known = index.get(entity_id)
        if known is None:  # dangling id: fall back on what the mention says
            text = row.get("text", "").strip() or entity_id
            known = _PredEntity(entity_id, text, row.get("label", "").strip().upper(), ())
        preds[entity_id] = known
    pred_list = [preds[k] for k in sorted(preds)]
    golds = doc.entities

    def quality(p: int, g: int) -> int | None:
        pred, gold = pred_list[p], golds[g]
        if pred.type != gold.type or not (pred.names & gold.names):
            return None
        return 0 if norm_name(pred.name) == norm_name(gold.name) else 1

    m = _match(len(pred_list), golds, quality)
    for g in m.fn:
        gold = golds[g]
        aliases = f" (aliases: {', '.join(gold.aliases)})" if gold.aliases else ""
        rep.issues.append(Issue("entities", "FN", f"{gold.name} [{gold.type}]{aliases}"))
    for p in m.fp:
        rep.issues.append(Issue("entities", "FP", pred_list[p].label()))
    for p, g in m.dup:
        rep.issues.append(Issue("entities", "dup", f"{pred_list[p].label()} — also matches {golds[g].name}"))
    for p in m.fp:
        pred = pred_list[p]
        for gold in golds:
            if gold.type != pred.type and pred.names & gold.names:
                rep.issues.append(
                    Issue("entities", "type", f"{pred.name}: predicted {pred.type} ({pred.entity_id}), gold {gold.name} is {gold.type}")
                )
    return m.score


def _score_partnerships(doc: GoldDoc, rows: list[dict[str, str]], index: dict[str, _PredEntity], rep: DocReport) -> TableScore:
    """Unordered pairs, alias-aware, de-duplicated before scoring."""
    pairs: dict[tuple[str, str], tuple[_PredOrg, _PredOrg]] = {}
    for row in rows:
        a = _pred_org(row["org_a"], row["org_a_id"], index)
        b = _pred_org(row["org_b"], row["org_b_id"], index)
        key = tuple(sorted((a.key, b.key)))
        pairs.setdefault(key, (a, b))  # type: ignore[arg-type]
    preds = [pairs[k] for k in sorted(pairs)]
    golds = doc.partnerships

    def quality(p: int, g: int) -> int | None:
        a, b = preds[p]
        gold = golds[g]
        straight = _pair_quality((_org_quality(a, gold.a, doc), _org_quality(b, gold.b, doc)))
        crossed = _pair_quality((_org_quality(a, gold.b, doc), _org_quality(b, gold.a, doc)))
        options = [q for q in (straight, crossed) if q is not None]
        return min(options) if options else None

    m = _match(len(preds), golds, quality)
    for g in m.fn:
        rep.issues.append(Issue("partnerships", "FN", f"{golds[g].a} + {golds[g].b}"))
    for p in m.fp:
        rep.issues.append(Issue("partnerships", "FP", f"{preds[p][0].name} + {preds[p][1].name}"))
    for p, g in m.dup:
        rep.issues.append(
            Issue("partnerships", "dup", f"{preds[p][0].name} + {preds[p][1].name} — also matches {golds[g].a} + {golds[g].b}")
        )
    return m.score


def _score_adoptions(
    doc: GoldDoc, rows: list[dict[str, str]], index: dict[str, _PredEntity], rep: DocReport, years: Share
) -> TableScore:
    """(org, standard) pairs, alias-aware, de-duplicated; the year is checked
    separately on matched pairs (first non-empty year of the duplicates)."""
    pairs: dict[tuple[str, str], list[Any]] = {}
    for row in rows:
        org = _pred_org(row["org"], row["org_id"], index)
        std = _pred_org(row["standard"], row["standard_id"], index)
        year = _norm_year(row.get("year", ""))
        entry = pairs.setdefault((org.key, std.key), [org, std, year])
        if not entry[2] and year:
            entry[2] = year
    preds = [pairs[k] for k in sorted(pairs)]
    golds = doc.adoptions

    def quality(p: int, g: int) -> int | None:
        org, std, _ = preds[p]
        return _pair_quality((_org_quality(org, golds[g].org, doc), _org_quality(std, golds[g].standard, doc)))

    m = _match(len(preds), golds, quality)
    for g in m.fn:
        gold = golds[g]
        rep.issues.append(Issue("adoptions", "FN", f"{gold.org} -> {gold.standard} (year {gold.year or 'null'})"))
    for p in m.fp:
        org, std, year = preds[p]
        rep.issues.append(Issue("adoptions", "FP", f"{org.name} -> {std.name} (year {year or 'null'})"))
    for p, g in m.dup:
        org, std, _ = preds[p]
        rep.issues.append(Issue("adoptions", "dup", f"{org.name} -> {std.name} — also matches {golds[g].org} -> {golds[g].standard}"))
    for p in sorted(m.pairs):
        org, std, year = preds[p]
        gold = golds[m.pairs[p]]
        years.add(year == gold.year)
        if year != gold.year:
            rep.issues.append(
                Issue("adoptions", "year", f"{gold.org} -> {gold.standard}: predicted {year or 'null'}, gold {gold.year or 'null'}")
            )
    return m.score


def _score_figures(doc: GoldDoc, rows: list[dict[str, str]], rep: DocReport) -> TableScore:
    """Same value (relative tolerance), same currency when the gold is money."""
    preds: dict[tuple[Any, str], tuple[float | None, str, str]] = {}
    for row in rows:
        value = _parse_float(row["value"])
        unit = unicodedata.normalize("NFC", row["unit"].strip())
        key = (value if value is not None else "raw:" + row["value"], unit)
        preds.setdefault(key, (value, unit, row.get("raw", "").strip()))
    pred_list = [preds[k] for k in sorted(preds, key=lambda k: (str(type(k[0])), k[0], k[1]))]
    golds = doc.figures

    def quality(p: int, g: int) -> int | None:
        value, unit, _ = pred_list[p]
        gold = golds[g]
        if value is None or not _same_value(value, gold.value):
            return None
        if gold.currency and unit.upper() != gold.unit:
            return None
        return 0 if unit.casefold() == gold.unit.casefold() else 1

    def label(value: float | None, unit: str, raw: str = "", year: str = "") -> str:
        text = f"{_fmt_num(value)} {unit}".rstrip()
        if year:
            text += f" (year {year})"
        if raw:
            text += f'  raw "{_short(raw, 40)}"'
        return text

    m = _match(len(pred_list), golds, quality)
    for g in m.fn:
        gold = golds[g]
        rep.issues.append(Issue("figures", "FN", label(gold.value, gold.unit, year=gold.year)))
    for p in m.fp:
        rep.issues.append(Issue("figures", "FP", label(*pred_list[p])))
    for p, g in m.dup:
        rep.issues.append(Issue("figures", "dup", f"{label(*pred_list[p])} — also matches {label(golds[g].value, golds[g].unit)}"))
    return m.score


def _score_quotes(doc: GoldDoc, rows: list[dict[str, str]], index: dict[str, _PredEntity], rep: DocReport) -> TableScore:
    """Speaker alias-aware; the quote must start with the gold's first 20 characters."""
    preds: dict[tuple[str, str], tuple[_PredOrg, str, str]] = {}
    for row in rows:
        speaker = _pred_org(row["speaker"], row["speaker_id"], index)
        normalised = norm_quote(row["quote"])
        preds.setdefault((speaker.key, normalised), (speaker, normalised, row["quote"]))
    pred_list = [preds[k] for k in sorted(preds)]
    golds = doc.quotes

    def quality(p: int, g: int) -> int | None:
        speaker, text, _ = pred_list[p]
        gold = golds[g]
        if not text.startswith(norm_quote(gold.starts)[:QUOTE_PREFIX_CHARS]):
            return None
        return _org_quality(speaker, gold.speaker, doc)

    m = _match(len(pred_list), golds, quality)
    for g in m.fn:
        rep.issues.append(Issue("quotes", "FN", f"{golds[g].speaker}: «{golds[g].starts}…»"))
    for p in m.fp:
        speaker, _, raw = pred_list[p]
        rep.issues.append(Issue("quotes", "FP", f"{speaker.name or '?'}: «{_short(raw, 60)}»"))
    for p, g in m.dup:
        speaker, _, raw = pred_list[p]
        rep.issues.append(Issue("quotes", "dup", f"{speaker.name or '?'}: «{_short(raw, 60)}» — also matches {golds[g].speaker}"))
    return m.score


def _score_cleaning(
    doc: GoldDoc, doc_row: dict[str, str] | None, clean: str | None, report: EvalReport, rep: DocReport
) -> None:
    """Text checks on clean/<doc_id>.txt plus the documents.csv metadata.
    Without a cleaned text every text check fails (nothing can be verified)."""
    shares = report.cleaning
    text = norm_text(clean) if clean is not None else None
    if clean is None and rep.in_output:
        rep.issues.append(Issue("clean", "missing", f"no clean/{doc.doc_id}.txt: every text check fails"))

    def present(needle: str) -> bool:
        return text is not None and norm_text(needle) in text

    for item in doc.boilerplate:
        ok = text is not None and not present(item)
        shares["boilerplate"].add(ok)
        if text is not None and not ok:
            rep.issues.append(Issue("boilerplate", "present", f'"{item}"'))
    for item in doc.keep:
        ok = present(item)
        shares["keep"].add(ok)
        if text is not None and not ok:
            rep.issues.append(Issue("keep", "lost", f'"{item}"'))
    for repair in doc.repairs:
        wrong_left = present(repair.wrong)
        right_found = any(present(r) for r in repair.right)
        ok = text is not None and not wrong_left and right_found
        shares["repairs"].add(ok)
        if text is not None and not ok:
            why = "; ".join(
                part
                for part, bad in (("wrong still present", wrong_left), ("no right form found", not right_found))
                if bad
            )
            rights = " | ".join(f'"{r}"' for r in repair.right)
            rep.issues.append(Issue("repairs", "not made", f'"{repair.wrong}" -> {rights} ({why})'))

    if doc_row is None:
        # Every metadata check fails; one line says why instead of one per field.
        if rep.in_output:
            rep.issues.append(Issue("document", "missing", "no row in documents.csv"))
        if doc.unique_paragraphs is not None:
            shares["paragraphs"].add(False)
        shares["language"].add(False)
        shares["published"].add(False)
        if doc.title is not None:
            shares["title"].add(False)
        return
    if doc.unique_paragraphs is not None:
        kept_raw = doc_row.get("n_paragraphs_kept", "").strip()
        kept = _parse_float(kept_raw)
        if kept is None:
            shares["paragraphs"].add(False)
            rep.issues.append(Issue("paragraphs", "off", f"n_paragraphs_kept {kept_raw or 'empty'!r}, gold {doc.unique_paragraphs}"))
        else:
            rep.paragraphs_kept = int(kept)
            diff = abs(int(kept) - doc.unique_paragraphs)
            report.paragraph_diffs.append(diff)
            shares["paragraphs"].add(diff <= 1)
            if diff > 1:
                rep.issues.append(Issue("paragraphs", "off", f"kept {int(kept)}, gold {doc.unique_paragraphs}"))
    language = doc_row.get("language", "").strip()
    shares["language"].add(language == doc.language)
    if language != doc.language:
        rep.issues.append(Issue("language", "wrong", f"predicted {language or 'empty'}, gold {doc.language or 'empty'}"))
    published = _norm_published(doc_row.get("published", ""))
    shares["published"].add(published == doc.published)
    if published != doc.published:
        rep.issues.append(Issue("published", "wrong", f"predicted {published or 'null'}, gold {doc.published or 'null'}"))
    if doc.title is not None:
        title = doc_row.get("title", "")
        ok = norm_name(title) == norm_name(doc.title)
        shares["title"].add(ok)
        if not ok:
            rep.issues.append(Issue("title", "wrong", f'predicted "{_short(title) or "empty"}", gold "{_short(doc.title)}"'))


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------


def score(output: OutputSet, gold: dict[str, GoldDoc]) -> EvalReport:
    """Score every gold document against the output; output documents without
    gold are ignored (listed in `ignored_docs`), gold documents without output
    count all their items as misses (listed in `missing_docs`)."""
    report = EvalReport(
        tables={name: TableScore() for name in TABLES},
        cleaning={name: Share() for name in CLEANING},
        adoption_year=Share(),
        paragraph_diffs=[],
        docs=[],
        missing_docs=[],
        ignored_docs=[],
    )
    index = _entity_index(output.entities)
    doc_rows: dict[str, dict[str, str]] = {}
    for doc_id, rows in _by_doc(output.documents).items():
        doc_rows[doc_id] = rows[0]
    mentions = _by_doc(output.mentions)
    partnerships = _by_doc(output.partnerships)
    adoptions = _by_doc(output.standard_adoptions)
    figures = _by_doc(output.figures)
    quotes = _by_doc(output.quotes)

    output_docs = set(doc_rows) | set(output.clean)
    for table in (mentions, partnerships, adoptions, figures, quotes):
        output_docs |= set(table)
    output_docs.discard("")
    report.ignored_docs = sorted(output_docs - set(gold))

    for doc_id in sorted(gold):
        doc = gold[doc_id]
        in_output = doc_id in output_docs
        rep = DocReport(doc_id, in_output)
        if not in_output:
            report.missing_docs.append(doc_id)
            rep.issues.append(Issue("document", "missing", "not in the output: every item counts as a miss"))
        rep.counts["entities"] = _score_entities(doc, mentions.get(doc_id, []), index, rep)
        rep.counts["partnerships"] = _score_partnerships(doc, partnerships.get(doc_id, []), index, rep)
        rep.counts["adoptions"] = _score_adoptions(doc, adoptions.get(doc_id, []), index, rep, report.adoption_year)
        rep.counts["figures"] = _score_figures(doc, figures.get(doc_id, []), rep)
        rep.counts["quotes"] = _score_quotes(doc, quotes.get(doc_id, []), index, rep)
        for name in TABLES:
            report.tables[name].add(rep.counts[name])
        _score_cleaning(doc, doc_rows.get(doc_id), output.clean.get(doc_id), report, rep)
        report.docs.append(rep)
    return report


def evaluate_dir(output_dir: Path, gold_dir: Path) -> EvalReport:
    """Load both folders and score them (what `make eval` runs)."""
    return score(load_output(Path(output_dir)), load_gold(Path(gold_dir)))


# --------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------

_ISSUE_ORDER = {
    name: i
    for i, name in enumerate(
        ("document", "clean") + TABLES + ("boilerplate", "keep", "repairs", "paragraphs", "language", "published", "title")
    )
}
_KIND_ORDER = {kind: i for i, kind in enumerate(("missing", "FN", "FP", "dup", "type", "year"))}


def _share_line(label: str, share: Share, extra: str = "") -> str:
    value = "n/a " if share.value is None else f"{share.value:.2f}"
    return f"{label:<20}{value} ({share.hits}/{share.total}){extra}"


def format_report(report: EvalReport, details: bool = False) -> str:
    """Fixed-width text: one line per table, then the cleaning shares; with
    `details`, every miss / false positive / cleaning slip, one per line."""
    lines = [
        f"gold documents {report.n_gold_docs}"
        f" (missing from output {len(report.missing_docs)}; output documents without gold ignored {len(report.ignored_docs)})",
        "",
    ]
    for name in TABLES:
        t = report.tables[name]
        counts = f"(tp {t.tp}, fp {t.fp}, fn {t.fn}"
        counts += f", dup {t.dup}" if t.dup else ""
        counts += f", optional {t.optional}" if t.optional else ""
        counts += ")"
        if t.scored:
            lines.append(f"{name:<14}P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}  {counts}")
        else:
            lines.append(f"{name:<14}n/a (nothing to score)  {counts}")
    lines.append(_share_line("adoption years", report.adoption_year))
    lines.append("")
    for name in CLEANING:
        extra = ""
        if name == "paragraphs" and report.paragraphs_mean_abs_diff is not None:
            extra = f"  mean |diff| {report.paragraphs_mean_abs_diff:.2f}"
        lines.append(_share_line(CLEANING_LABELS[name], report.cleaning[name], extra))
    if report.missing_docs:
        lines.append("")
        lines.append("missing from output: " + ", ".join(report.missing_docs))
    if details:
        lines.append("")
        lines.append("details (FN = gold item missed, FP = prediction matching no gold item, dup = redundant prediction)")
        for doc in report.docs:
            issues = sorted(
                enumerate(doc.issues),
                key=lambda pair: (_ISSUE_ORDER.get(pair[1].table, 99), _KIND_ORDER.get(pair[1].kind, 50), pair[0]),
            )
            if not issues:
                lines.append(f"{doc.doc_id}  ok")
                continue
            for _, issue in issues:
                lines.append(f"{doc.doc_id}  {issue.table:<12} {issue.kind:<8} {issue.text}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m pipeline.evaluate [--output DIR] [--gold DIR] [--details] [--json FILE]`."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("output"), help="output folder to score (default: output)")
    parser.add_argument("--gold", type=Path, default=Path("tests/gold"), help="gold folder (default: tests/gold)")
    parser.add_argument("--details", action="store_true", help="list every miss and false positive")
    parser.add_argument("--json", type=Path, default=None, help="also write the report as JSON to this file")
    args = parser.parse_args(argv)
    try:
        report = evaluate_dir(args.output, args.gold)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(format_report(report, details=args.details))
    if args.json is not None:
        args.json.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
