"""The entity knowledge base: canonical names, types, aliases, wrong forms.

It is data (`data/entities.yaml`); this module only validates it and
indexes it for the stages that use it (repair, entity rules, linking).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from pipeline.config import ConfigError, load_data_file

EntityType = Literal["PER", "ORG", "LOC", "MISC", "STANDARD", "PRODUCT"]
_ID_PATTERN = re.compile(r"^(per|org|loc|misc|standard|product):[a-z0-9][a-z0-9-]*$")


class KBEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    type: EntityType
    aliases: list[str] = []
    ambiguous: list[str] = []
    mistranslations: list[str] = []
    parent: str | None = None
    category: str | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID_PATTERN.match(value):
            raise ValueError("must look like '<type>:<slug>', e.g. org:general-motors")
        return value

    @model_validator(mode="after")
    def _check_prefix(self) -> KBEntry:
        if self.id.split(":", 1)[0] != self.type.lower():
            raise ValueError(f"id prefix of {self.id} does not match type {self.type}")
        return self

    @property
    def surface_forms(self) -> list[str]:
        """Name, aliases and ambiguous forms: every correct way to write the entity.

        Ambiguous forms (ordinary words such as 'Spring') are listed apart
        from the aliases in the file; they only match with their exact case.
        """
        forms = [self.name, *self.aliases]
        return forms + [form for form in self.ambiguous if form not in forms]


class NameContext(BaseModel):
    """Words around or inside a name that tell what it is (see data/entities.yaml)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    org_nouns: list[str] = []
    nationalities: list[str] = []
    product_nouns: list[str] = []
    event_heads: list[str] = []
    honorifics: list[str] = []
    title_nouns: list[str] = []
    model_suffixes: list[str] = []
    company_suffixes: list[str] = []
    company_words: list[str] = []
    service_nouns: list[str] = []
    regional_arms: list[str] = []


class KBFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[KBEntry]
    context: NameContext = NameContext()
    # Words the statistical model takes for names but that never are in this
    # field's news: abbreviations ('VE' for véhicule électrique), job titles,
    # web chrome ('Publi info'). Compared case- and accent-insensitively.
    not_names: list[str] = []

    @model_validator(mode="after")
    def _unique_ids(self) -> KBFile:
        seen: set[str] = set()
        for entry in self.entities:
            if entry.id in seen:
                raise ValueError(f"duplicate id {entry.id}")
            seen.add(entry.id)
        return self


_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=65536)
def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name.

    Memoised: linking asks for the key of the same few names over and over,
    and the result depends on the text alone.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped.lower()).strip()


def slugify(text: str) -> str:
    """Stable id fragment: 'Général Motors' -> 'general-motors'."""
    return normalize_name(text).replace(" ", "-") or "x"


def entity_id_for(entity_type: str, name: str) -> str:
    """Id of an entity the knowledge base does not know, from its name."""
    return f"{entity_type.lower()}:{slugify(name)}"


@dataclass
class KnowledgeBase:
    """Indexed view of the knowledge base file."""

    entries: list[KBEntry]
    not_names: list[str] = field(default_factory=list)
    context: NameContext = field(default_factory=NameContext)
    by_id: dict[str, KBEntry] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {entry.id: entry for entry in self.entries}

    @cached_property
    def alias_index(self) -> dict[str, str]:
        """Normalised surface form → entity id (first entry wins on clashes)."""
        index: dict[str, str] = {}
        for entry in self.entries:
            for form in entry.surface_forms:
                index.setdefault(normalize_name(form), entry.id)
        return index

    @cached_property
    def exact_case_forms(self) -> set[str]:
        """Forms that are ordinary words too and only count written exactly so."""
        return {form for entry in self.entries for form in entry.ambiguous}

    @cached_property
    def not_name_keys(self) -> frozenset[str]:
        """Normalised forms of `not_names`."""
        return frozenset(normalize_name(form) for form in self.not_names)

    def lookup(self, surface: str) -> KBEntry | None:
        """The entry a surface form names, respecting ambiguous forms' case."""
        entity_id = self.alias_index.get(normalize_name(surface))
        if entity_id is None:
            return None
        entry = self.by_id[entity_id]
        if _is_ambiguous_form(entry, surface) and surface not in entry.ambiguous:
            return None
        return entry


def _is_ambiguous_form(entry: KBEntry, surface: str) -> bool:
    key = normalize_name(surface)
    return any(normalize_name(form) == key for form in entry.ambiguous)


def load_knowledge_base(path: Path) -> KnowledgeBase:
    kb_file = load_data_file(path, KBFile)
    if not kb_file.entities:
        raise ConfigError(f"{path}: key 'entities': the knowledge base is empty")
    return KnowledgeBase(kb_file.entities, kb_file.not_names, kb_file.context)
