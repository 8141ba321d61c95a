"""Plain data passed between the stages.

Every stage takes and returns these dataclasses, so a stage can be tested
alone and the cache can store a processed article as JSON.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, TypeVar

# Segment actions, as written to segments.csv.
KEEP = "keep"
BOILERPLATE = "boilerplate"
DUPLICATE = "duplicate"
METADATA = "metadata"

# Document statuses, as written to documents.csv.
STATUS_OK = "ok"
STATUS_NOT_FRENCH = "not_french"
STATUS_EMPTY = "empty"
STATUS_DUPLICATE = "duplicate"
STATUS_ERROR = "error"

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC", "STANDARD", "PRODUCT")
VALUE_LABELS = ("MONEY", "QUANTITY", "DATE", "PERCENT")


@dataclass
class SourceFile:
    """One input file as read from disk, before any decoding."""

    doc_id: str
    source: str  # path as given to the user (relative to the input folder)
    raw: bytes
    sha256: str
    error: str = ""  # set when the file could not be read at all


@dataclass
class Repair:
    """One change made to the text, kept for the audit in repairs.csv."""

    paragraph: int  # segment index; -1 for changes made before segmentation
    kind: str  # encoding, glossary, glued, english, typo, punctuation, ...
    rule: str
    before: str
    after: str
    context: str


@dataclass
class Segment:
    """One raw paragraph of an article and what became of it."""

    index: int
    text: str
    action: str = KEEP
    rule: str = ""
    duplicate_of: str = ""


@dataclass
class DecodedText:
    """Text decoded from bytes, with the encoding repairs that were needed."""

    text: str
    encoding: str
    repairs: list[Repair] = field(default_factory=list)
    reason: str = ""  # why the bytes were not (fully) usable, if they were not


@dataclass
class Metadata:
    """Facts about the article that are not its content."""

    title: str = ""
    published: str = ""


@dataclass
class CleanDocument:
    """The article as every later stage reads it.

    `paragraphs` holds the kept segments' indexes in the order they appear in
    `text`; `paragraph_spans` their (start, end) offsets in `text`.
    """

    doc_id: str
    text: str
    paragraphs: list[int]
    paragraph_spans: list[tuple[int, int]]


@dataclass
class Mention:
    """An entity or value mention; offsets index the clean text."""

    paragraph: int
    sentence: int
    start: int
    end: int
    text: str
    label: str
    entity_id: str = ""
    source: str = "model"  # model | rule
    value: float | None = None  # normalised number of a value mention
    unit: str = ""  # currency / unit of a value mention
    normalized: str = ""  # ISO-like form of a DATE (YYYY, YYYY-MM, --MM, ...)


@dataclass
class EntityRecord:
    """What one article says about an entity: merged across articles later."""

    entity_id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    in_knowledge_base: bool = False


@dataclass
class Partnership:
    org_a_id: str
    org_a: str
    org_b_id: str
    org_b: str
    kind: str
    year: int | None
    evidence: str


@dataclass
class Adoption:
    org_id: str
    org: str
    standard_id: str
    standard: str
    year: int | None
    evidence: str


@dataclass
class Figure:
    subject_id: str
    subject: str
    value: float
    unit: str
    raw: str
    year: int | None
    evidence: str


@dataclass
class Quote:
    speaker_id: str
    speaker: str
    quote: str
    evidence: str


@dataclass
class DocumentRow:
    """One row of documents.csv."""

    doc_id: str
    source: str
    sha256: str
    status: str = STATUS_OK
    reason: str = ""
    language: str = ""
    language_prob: float = 0.0
    title: str = ""
    published: str = ""
    n_chars_raw: int = 0
    n_chars_clean: int = 0
    n_paragraphs_raw: int = 0
    n_paragraphs_kept: int = 0
    n_boilerplate: int = 0
    n_duplicates: int = 0
    n_repairs: int = 0
    duplicate_of: str = ""
    encoding: str = ""


@dataclass
class DocResult:
    """Everything the pipeline learned from one article: the unit of caching."""

    document: DocumentRow
    segments: list[Segment] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    clean_text: str = ""
    mentions: list[Mention] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    partnerships: list[Partnership] = field(default_factory=list)
    adoptions: list[Adoption] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    fingerprint: list[int] = field(default_factory=list)  # MinHash of the clean text

    def to_dict(self) -> dict[str, Any]:
        """What `dataclasses.asdict` gives, without its deep copies (rows hold plain values)."""
        data: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name == "document":
                data["document"] = _row_dict(value)
            elif isinstance(value, list):
                data[item.name] = [_row_dict(row) if is_dataclass(row) else row for row in value]
            else:
                data[item.name] = value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocResult:
        """Rebuild from `to_dict` output; raises on anything malformed."""
        return cls(
            document=_build(DocumentRow, data["document"]),
            segments=[_build(Segment, item) for item in data["segments"]],
            repairs=[_build(Repair, item) for item in data["repairs"]],
            clean_text=data["clean_text"],
            mentions=[_build(Mention, item) for item in data["mentions"]],
            entities=[_build(EntityRecord, item) for item in data["entities"]],
            partnerships=[_build(Partnership, item) for item in data["partnerships"]],
            adoptions=[_build(Adoption, item) for item in data["adoptions"]],
            figures=[_build(Figure, item) for item in data["figures"]],
            quotes=[_build(Quote, item) for item in data["quotes"]],
            fingerprint=list(data["fingerprint"]),
        )


T = TypeVar("T")


def _row_dict(row: Any) -> dict[str, Any]:
    """A flat row as a dict; its list fields (aliases) copied."""
    return {name: list(value) if isinstance(value := getattr(row, name), list) else value for name in _field_names(type(row))}


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """The dataclass's field names in order, read once per class: `fields()`
    costs more than copying the row itself, and the cache writes thousands of rows."""
    return tuple(item.name for item in fields(cls))


def _build(cls: type[T], data: dict[str, Any]) -> T:
    """Dataclass from a dict, refusing unknown or missing keys (a stale cache)."""
    unknown = set(data).difference(_field_names(cls))
    if unknown:
        raise ValueError(f"unknown fields for {cls.__name__}: {sorted(unknown)}")
    return cls(**data)
