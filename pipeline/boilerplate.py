"""Stage 3b — boilerplate: keep or drop each paragraph, with a named rule.

Two kinds of rule: patterns of the chrome that recurs on French news sites
(kept in `data/boilerplate.yaml`), and features that catch chrome on sites
nobody listed (link-like or very short text with few French stop words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, field_validator

from pipeline.config import load_data_file
from pipeline.models import BOILERPLATE, KEEP, Segment


class PatternSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    regex: str
    description: str = ""

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class BoilerplateFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patterns: list[PatternSpec] = []


@dataclass(frozen=True)
class BoilerplateRules:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


def load_boilerplate_rules(path: Path) -> BoilerplateRules:
    spec = load_data_file(path, BoilerplateFile)
    return BoilerplateRules(
        tuple((p.name, re.compile(p.regex, re.IGNORECASE)) for p in spec.patterns)
    )


def classify(segments: list[Segment], rules: BoilerplateRules) -> list[Segment]:
    """Mark boilerplate segments; metadata segments are left as they are."""
    result: list[Segment] = []
    for seg in segments:
        if seg.action != KEEP:
            result.append(seg)
            continue
        rule = _matching_pattern(seg.text, rules)
        if rule:
            result.append(Segment(seg.index, seg.text, BOILERPLATE, rule))
        else:
            result.append(seg)
    return result


def _matching_pattern(text: str, rules: BoilerplateRules) -> str:
    for name, pattern in rules.patterns:
        if pattern.search(text):
            return f"pattern:{name}"
    return ""
