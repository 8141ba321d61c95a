"""One batch of articles through every stage, from bytes to fact rows.

cleaning (stages 2–6) → spaCy (7) → linking (8) → facts (9). The spaCy
model is loaded lazily, once per process, and only when some article
actually needs it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.boilerplate import load_boilerplate_rules
from pipeline.cleaning import CleanedArticle, CleaningRules, clean_article
from pipeline.config import Config
from pipeline.dedup import minhash_signature
from pipeline.doctext import doc_text
from pipeline.facts.adoptions import extract_adoptions
from pipeline.facts.common import ArticleFacts, TriggerFile, load_triggers
from pipeline.facts.figures import extract_figures
from pipeline.facts.partnerships import extract_partnerships
from pipeline.facts.quotes import extract_quotes
from pipeline.knowledge import KnowledgeBase, load_knowledge_base
from pipeline.language import load_profiles
from pipeline.linking import link_entities, paragraph_of, paragraph_starts, sentence_of, sentence_starts
from pipeline.models import STATUS_OK, CleanDocument, DocResult, Mention, SourceFile
from pipeline.nlp import annotate, build_nlp
from pipeline.repair import build_repairer, load_glossary
from pipeline.values import UnitTable, find_values, load_units


@contextmanager
def _long_lived() -> Iterator[None]:
    """Load what lives as long as the process with the cyclic collector paused, then freeze it.

    Loading the model, langdetect's profiles and the knowledge base creates
    hundreds of thousands of objects, and every full collection triggered
    meanwhile rescans all of them (about 0.8 s of CPU per run). Frozen, they
    are also skipped by the collections the articles trigger later. The few
    cyclic garbage objects a load leaves are frozen with the rest, for good.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    gc.freeze()


@dataclass
class Resources:
    """What the stages need, loaded once per process (the model only on demand)."""

    config: Config
    kb: KnowledgeBase = field(init=False)
    cleaning: CleaningRules = field(init=False)
    triggers: TriggerFile = field(init=False)
    units: UnitTable = field(init=False)

    def __post_init__(self) -> None:
        with _long_lived():
            self._load()

    def _load(self) -> None:
        files = self.config.knowledge
        self.kb = load_knowledge_base(files.entities)
        self.cleaning = CleaningRules(
            boilerplate=load_boilerplate_rules(files.boilerplate),
            repairer=build_repairer(load_glossary(files.glossary), self.kb),
            near_duplicate_threshold=self.config.dedup.near_duplicate_threshold,
            shingle_size=self.config.dedup.shingle_size,
            expected_language=self.config.language.expected,
            language_seed=self.config.language.seed,
            min_language_probability=self.config.language.min_probability,
        )
        self.triggers = load_triggers(files.triggers)
        self.units = load_units(files.units)
        load_profiles()

    @cached_property
    def nlp(self) -> Language:
        with _long_lived():
            return build_nlp(self.config.nlp.model, self.kb)


def process_sources(sources: Iterable[SourceFile], resources: Resources) -> Iterator[DocResult]:
    """Results for a batch of articles, in the order given."""
    cleaned = [clean_article(source, resources.cleaning) for source in sources]
    to_parse = [(item.clean.doc_id, item.clean.text) for item in cleaned if item.document.status == STATUS_OK]
    docs: Iterator[Doc] = iter(())
    if to_parse:
        limit = resources.config.nlp.max_chars
        resources.nlp.max_length = max(resources.nlp.max_length, limit + 1)
        docs = annotate(resources.nlp, ((doc_id, text[:limit]) for doc_id, text in to_parse), resources.config.nlp.batch_size)
    for item in cleaned:
        doc = next(docs) if item.document.status == STATUS_OK else None
        yield analyse(item, doc, resources)


def analyse(item: CleanedArticle, doc: Doc | None, resources: Resources) -> DocResult:
    """Link entities and extract facts from one parsed article."""
    result = DocResult(
        document=item.document,
        segments=item.segments,
        repairs=item.repairs,
        clean_text=item.clean.text,
        fingerprint=minhash_signature(item.clean.text, resources.config.dedup.shingle_size),
    )
    if doc is None:
        return result
    if len(doc_text(doc)) < len(item.clean.text):
        result.document.reason = f"text cut to {len(doc_text(doc))} characters for NLP"
    starts = sentence_starts(doc)
    mentions, records = link_entities(doc, item.clean, resources.kb, starts)
    mentions += value_mentions(doc, item.clean, resources.units, mentions, starts)
    mentions.sort(key=lambda m: (m.start, m.end, m.label))
    facts = ArticleFacts(doc, mentions, {r.entity_id: r for r in records}, resources.triggers)
    result.mentions = mentions
    result.entities = records
    result.partnerships = extract_partnerships(facts)
    result.adoptions = extract_adoptions(facts)
    result.figures = extract_figures(facts)
    result.quotes = extract_quotes(facts)
    return result


def value_mentions(
    doc: Doc,
    clean: CleanDocument,
    units: UnitTable,
    entities: list[Mention] | None = None,
    starts: list[int] | None = None,
) -> list[Mention]:
    """MONEY, PERCENT, QUANTITY and DATE mentions with normalised values.

    A value written inside a name ('France 2030', 'Euro 7', 'ISO 15118') is
    part of the name, not a value: entity mentions win over values.
    `starts` is `sentence_starts(doc)` when the caller already has it.
    """
    starts = sentence_starts(doc) if starts is None else starts
    paragraphs = paragraph_starts(clean)
    taken = [(m.start, m.end) for m in entities or ()]
    text = doc_text(doc)
    mentions: list[Mention] = []
    for value in find_values(text, units):
        if _inside_entity(taken, value.start, value.end):
            continue
        mentions.append(
            Mention(
                paragraph=paragraph_of(clean, value.start, paragraphs),
                sentence=sentence_of(starts, value.start),
                start=value.start,
                end=value.end,
                text=value.text,
                label=value.label,
                source="rule",
                value=value.value,
                unit=value.unit or "",
                normalized=value.date or (str(value.year) if value.year else ""),
            )
        )
    _spread_range_units(text, mentions)
    return mentions


_RANGE_JOINT = re.compile(r"\s*(?:à|et|ou|-|–)\s*")


def _spread_range_units(text: str, mentions: list[Mention]) -> None:
    """'de 5.000 à 4.000 euros': the first number of a range takes the second's
    currency or percent sign (the scanner does it only for ranges with a
    multiplier, 'de 2 à 3 milliards d'euros')."""
    for first, second in zip(mentions, mentions[1:]):
        if (
            first.label == "QUANTITY"
            and not first.unit
            and second.label in ("MONEY", "PERCENT")
            and _RANGE_JOINT.fullmatch(text[first.end : second.start])
        ):
            first.label, first.unit = second.label, second.unit


def _inside_entity(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """True when [start, end) lies within one entity span."""
    return any(s <= start and end <= e for s, e in taken)
