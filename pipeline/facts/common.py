"""What every fact extractor reads: the parse, the linked mentions, the triggers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from spacy.tokens import Doc, Span

from pipeline.config import load_data_file
from pipeline.models import EntityRecord, Mention


class QuoteTriggers(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    verbs: list[str] = []
    prepositions: list[str] = []


class TriggerFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    partnership: dict[str, list[str]] = {}
    adoption: list[str] = []
    quote: QuoteTriggers = QuoteTriggers()


def load_triggers(path: Path) -> TriggerFile:
    return load_data_file(path, TriggerFile)


@dataclass
class ArticleFacts:
    """One article, parsed and linked, as the fact extractors see it."""

    doc: Doc
    mentions: list[Mention]
    entities: dict[str, EntityRecord]
    triggers: TriggerFile
    sentences: list[Span] = field(init=False)

    def __post_init__(self) -> None:
        self.sentences = list(self.doc.sents)

    def entity_mentions(self, sentence: Span, *types: str) -> list[Mention]:
        """Linked mentions inside `sentence`, optionally of the given types."""
        return [
            m
            for m in self.mentions
            if m.entity_id
            and sentence.start_char <= m.start < sentence.end_char
            and (not types or m.label in types)
        ]

    def value_mentions(self, sentence: Span, *labels: str) -> list[Mention]:
        return [
            m
            for m in self.mentions
            if not m.entity_id
            and sentence.start_char <= m.start < sentence.end_char
            and (not labels or m.label in labels)
        ]

    def name_of(self, entity_id: str) -> str:
        record = self.entities.get(entity_id)
        return record.name if record else ""


def sentence_lemmas(sentence: Span) -> set[str]:
    return {token.lemma_.lower() for token in sentence} | {token.lower_ for token in sentence}


def has_trigger(sentence: Span, words: list[str]) -> str:
    """The first trigger word (lemma or phrase) found in the sentence, or ''."""
    lemmas = sentence_lemmas(sentence)
    text = sentence.text.lower()
    for word in words:
        if (" " in word or "'" in word or "’" in word or "-" in word) and word.lower() in text:
            return word
        if word.lower() in lemmas:
            return word
    return ""


def year_in(facts: ArticleFacts, sentence: Span) -> int | None:
    for mention in facts.value_mentions(sentence, "DATE"):
        if mention.normalized[:4].isdigit():
            return int(mention.normalized[:4])
    return None
