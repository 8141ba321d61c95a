"""Stage 5 — repair: undo slips of machine translation and spinning.

Every change is logged as a `Repair` (before, after, context). Known slips
come from the glossary (`data/glossary.yaml`) and from the knowledge base's
`mistranslations`; both are applied on word boundaries only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from pipeline.config import load_data_file
from pipeline.knowledge import KnowledgeBase
from pipeline.models import KEEP, Repair, Segment


class Replacement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    wrong: str
    right: str
    case_sensitive: bool = True
    note: str = ""


class GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    replacements: list[Replacement] = []
    english: dict[str, str] = {}


@dataclass(frozen=True)
class RepairRule:
    kind: str
    name: str
    pattern: re.Pattern[str]
    right: str


@dataclass(frozen=True)
class Repairer:
    rules: tuple[RepairRule, ...]


_TEMPLATE_LEFTOVER = re.compile(r"\{(\w+)\}")


def load_glossary(path: Path) -> GlossaryFile:
    return load_data_file(path, GlossaryFile)


def build_repairer(glossary: GlossaryFile, kb: KnowledgeBase) -> Repairer:
    """Compile glossary and knowledge-base slips into word-boundary rules."""
    rules: list[RepairRule] = []
    for item in glossary.replacements:
        flags = 0 if item.case_sensitive else re.IGNORECASE
        rules.append(RepairRule("glossary", item.wrong, _word_pattern(item.wrong, flags), item.right))
    for entry in kb.entries:
        for wrong in entry.mistranslations:
            rules.append(RepairRule("glossary", f"kb:{entry.id}", _word_pattern(wrong, 0), entry.name))
    # Longest first, so a long slip is fixed before a shorter one inside it.
    rules.sort(key=lambda rule: -len(rule.pattern.pattern))
    return Repairer(tuple(rules))


def _word_pattern(phrase: str, flags: int) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", flags)


def repair_text(text: str, paragraph: int, repairer: Repairer) -> tuple[str, list[Repair]]:
    """Apply every rule to one paragraph."""
    repairs: list[Repair] = []
    for rule in repairer.rules:
        text = _apply(text, paragraph, rule.pattern, lambda m, r=rule: r.right, rule.kind, rule.name, repairs)
    text = _apply(text, paragraph, _TEMPLATE_LEFTOVER, lambda m: m.group(1), "template", "template_braces", repairs)
    return text, repairs


def _apply(text, paragraph, pattern, replacement, kind, name, repairs) -> str:  # type: ignore[no-untyped-def]
    def substitute(match: re.Match[str]) -> str:
        after = replacement(match)
        if after != match.group(0):
            repairs.append(Repair(paragraph, kind, name, match.group(0), after, _context(text, match)))
        return after

    return pattern.sub(substitute, text)


def _context(text: str, match: re.Match[str], width: int = 40) -> str:
    return text[max(0, match.start() - width) : match.end() + width]


def repair_segments(segments: list[Segment], repairer: Repairer) -> tuple[list[Segment], list[Repair]]:
    """Repair the kept segments; the others stay as they were scraped."""
    repaired: list[Segment] = []
    repairs: list[Repair] = []
    for seg in segments:
        if seg.action != KEEP:
            repaired.append(seg)
            continue
        text, found = repair_text(seg.text, seg.index, repairer)
        repairs.extend(found)
        repaired.append(Segment(seg.index, text, seg.action, seg.rule, seg.duplicate_of))
    return repaired, repairs
