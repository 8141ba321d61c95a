"""Stage 3a — segment: split the text into the paragraphs a reader sees.

Articles use blank lines, single line breaks and bullet lines. A line is
its own paragraph unless it is the hard-wrapped continuation of the line
before (which then does not end a sentence and is followed by lower case).
A leading ` date 2023-10` line is metadata, not content.
"""

from __future__ import annotations

import re

from pipeline.models import METADATA, Metadata, Segment

_DATE_LINE = re.compile(
    r"^\s*date\s*[:=]?\s*(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\b[ \t]*", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?…:;»\"”)\]]\s*$")
_BULLET = re.compile(r"^\s*(?:[•▪◦·\-–—*]|\d+[.)])\s+")


def split_metadata(text: str) -> tuple[Metadata, str, str]:
    """Take a leading date line off the text.

    Returns the metadata, the text that was taken off (for the audit) and
    the remaining text.
    """
    match = _DATE_LINE.match(text)
    if not match:
        return Metadata(), "", text
    return Metadata(published=match.group("date")), match.group(0).strip(), text[match.end():]


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs in reading order, stripped, without empty ones."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        current = ""
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            if current and _continues(current, line):
                current = f"{current} {line}"
            else:
                if current:
                    paragraphs.append(current)
                current = line
        if current:
            paragraphs.append(current)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    """Is `line` the hard-wrapped rest of `previous`?"""
    if _BULLET.match(line) or _SENTENCE_END.search(previous):
        return False
    return line[0].islower() and len(previous) >= 40


def segment(text: str) -> tuple[Metadata, list[Segment]]:
    """Metadata and raw segments (all `keep` until boilerplate is classified)."""
    metadata, taken, rest = split_metadata(text)
    segments: list[Segment] = []
    if taken:
        segments.append(Segment(0, taken, action=METADATA, rule="date_line"))
    for paragraph in split_paragraphs(rest):
        segments.append(Segment(len(segments), paragraph))
    return metadata, segments
