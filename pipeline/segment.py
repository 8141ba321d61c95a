"""Stage 3a — segment: split the text into the paragraphs a reader sees.

Scraped articles come in three layouts, often mixed: one paragraph per
line, paragraphs separated by blank lines, and text hard-wrapped at a fixed
width (e-mails, press releases, plain-text dispatches). Bullet lines are
paragraphs of their own. A line continues the one before when the text is
hard-wrapped (the line before reaches the wrap width), or when it starts in
lower case after a line that does not end a sentence.

A leading ` date 2023-10` line is metadata, not content; when there is
none, the publication date is read from the page's own byline or dateline
("Publié le 12/03/2024 à 10h15", "PARIS, 12 mars 2024 (AFP) -").
"""

from __future__ import annotations

import re
from statistics import median

from pipeline.models import BOILERPLATE, KEEP, METADATA, Metadata, Segment

_DATE_LINE = re.compile(
    r"^\s*date\s*[:=]?\s*(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)\b[ \t]*", re.IGNORECASE
)
_SENTENCE_END = re.compile(r"[.!?…:;»\"”)\]]\s*$")
_BULLET = re.compile(r"^\s*(?:[•▪◦·\-–—*●■►✓✔]|\d{1,2}[.)])\s+")
_BLANK = re.compile(r"^[\s\u00a0\u200b\u2007\u202f\ufeff]*$")
# A file name alone on its line ("electra-logo-2025.png"): an image or a download, never the rest of a sentence.
_FILE_NAME = re.compile(r"^[\w.~%-]+\.[a-z0-9]{2,5}$", re.IGNORECASE)
# The subject of a forum or aggregator thread: "Sujet : [Actu] <headline>". The label
# and the bracketed tag are the forum's; the headline after them is the thread's title.
_THREAD_SUBJECT = re.compile(r"^(?:sujet|sujet du message|discussion|topic)\s*:\s*(?:\[[^\[\]]{1,20}\]\s*)?", re.IGNORECASE)
_THREAD_SUBJECT_MAX_LINE = 6  # the subject heads the page: among its first lines

# Hard-wrapped text: lines this long at most, most inner lines near the width.
_WRAP_MAX_WIDTH = 100
_WRAP_MIN_INNER_LINES = 3
_WRAP_NEAR_WIDTH = 0.7  # an inner line of wrapped text reaches this share of the width


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
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    width = _wrap_width(lines)
    paragraphs: list[str] = []
    current = ""
    previous_line = ""
    for line in lines:
        if _BLANK.match(line):
            if current:
                paragraphs.append(current)
            current = previous_line = ""
            continue
        stripped = line.strip()
        if current and _continues(current, previous_line, stripped, width):
            current = f"{current} {stripped}"
        else:
            if current:
                paragraphs.append(current)
            current = stripped
        previous_line = stripped
    if current:
        paragraphs.append(current)
    return paragraphs


def _wrap_width(lines: list[str]) -> int | None:
    """The width the text is hard-wrapped at, or None when it is not.

    In wrapped text the lines followed by another line of the same block
    ("inner" lines) nearly all reach the width, and many of them stop in
    the middle of a sentence; in one-paragraph-per-line text they are as
    long as their paragraphs.
    """
    lengths = [len(line.strip()) for line in lines if not _BLANK.match(line)]
    if not lengths or max(lengths) > _WRAP_MAX_WIDTH:
        return None
    width = max(lengths)
    inner = [
        line.strip()
        for line, following in zip(lines, lines[1:])
        if not _BLANK.match(line) and not _BLANK.match(following) and not _BULLET.match(following)
    ]
    if len(inner) < _WRAP_MIN_INNER_LINES:
        return None
    near = [line for line in inner if len(line) >= _WRAP_NEAR_WIDTH * width]
    open_ended = [line for line in near if not _SENTENCE_END.search(line)]
    if len(near) < 0.6 * len(inner) or len(open_ended) < 0.5 * len(near):
        return None
    if median(len(line) for line in inner) < _WRAP_NEAR_WIDTH * width:
        return None
    return width


def _continues(paragraph: str, previous_line: str, line: str, width: int | None) -> bool:
    """Is `line` the hard-wrapped rest of the paragraph so far?"""
    if _BULLET.match(line) or _FILE_NAME.match(line):
        return False
    if width is not None and len(previous_line) >= _WRAP_NEAR_WIDTH * width:
        return True  # the line before stopped because it reached the width
    if _SENTENCE_END.search(paragraph):
        return False
    return line[0].islower() and len(paragraph) >= 40


def segment(text: str) -> tuple[Metadata, list[Segment]]:
    """Metadata and raw segments (all `keep` until boilerplate is classified)."""
    metadata, taken, rest = split_metadata(text)
    segments: list[Segment] = []
    if taken:
        segments.append(Segment(0, taken, action=METADATA, rule="date_line"))
        head, rest = _headline_after_date(rest)
        if head:
            segments.append(Segment(len(segments), head))
    for number, paragraph in enumerate(split_paragraphs(rest)):
        label = _THREAD_SUBJECT.match(paragraph) if number < _THREAD_SUBJECT_MAX_LINE else None
        if label and len(paragraph[label.end():].split()) >= 3:
            segments.append(Segment(len(segments), label.group(0).strip(), action=BOILERPLATE, rule="thread_subject_label"))
            paragraph = paragraph[label.end():]
        segments.append(Segment(len(segments), paragraph))
    return metadata, segments


def _headline_after_date(rest: str) -> tuple[str, str]:
    """The headline a page wrote on its date line (` date 2025-03 Kia va produire …`).

    It is a line of its own: the text below must not be joined to it, even
    when that text is hard-wrapped at about the headline's length. Only a
    line starting in lower case continues it (a sentence cut by the wrap).
    """
    first, newline, after = rest.partition("\n")
    if not first.strip() or not newline:
        return "", rest
    following = after.lstrip(" \t")
    if following[:1].islower():
        return "", rest
    return first.strip(), after


_MONTHS = {
    "janv": 1, "févr": 2, "fevr": 2, "fév": 2, "fev": 2, "mars": 3, "avr": 4, "mai": 5, "juin": 6,
    "juil": 7, "août": 8, "aout": 8, "sept": 9, "oct": 10, "nov": 11, "déc": 12, "dec": 12,
}  # prefixes: "janvier", "janv.", "sept." all name their month by their first letters
_MONTH = r"(?:janv|f[ée]vr?|mars|avr|mai|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c)[a-zéû]*\.?"
_WORD_DATE = re.compile(rf"\b(?P<day>\d{{1,2}})(?:er)?\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"\b(?P<day>\d{1,2})[/.](?P<month>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b")
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")
_UPDATED = re.compile(r"\b(mis à jour|mise à jour|modifié|actualisé)\b", re.IGNORECASE)
# "PARIS, 12 mars 2024 (AFP) -", "Munich, le 14 mai 2024 - …": a place, a date, a dash.
_DATELINE = re.compile(
    r"^[A-ZÀ-Ý][\w’'.-]*(?:[ -][\w’'.-]+){0,3}(?:\s*\([^)]{1,30}\))?,\s+(?:le\s+)?"
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    rf"(?P<date>\d{{1,2}}(?:er)?\s+{_MONTH}\s+\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{4}})"
    r"\s*(?:\([^)]{1,30}\)\s*)?[-–—]"
)
_DATE_RULES = (
    "pattern:byline", "pattern:date_only", "pattern:dated_byline", "pattern:dateline", "pattern:press_release_label",
    "pattern:release_distribution", "pattern:video_stats", "pattern:forum_post_header",
)
_HEADER_PARAGRAPHS = 3  # bylines stand before the third paragraph of the article at the latest
# The items of a header line another rule removed (a breadcrumb-like byline
# 'Par X | 6 octobre 2023 | Source : Y', video counters '47 812 vues  26 sept. 2024'):
# split as the menu rule splits them, by ' | ', ' · ', ' • ', ' / ' or runs of spaces.
_ITEM_SEPARATOR = re.compile(r"\s+[|·•/]\s+|[ \t]{2,}")
# An item that is a date and nothing else (maybe 'publié le', a weekday, a time).
_DATE_ITEM = re.compile(
    r"^(?:(?:publié|posté|mis en ligne)\s+)?(?:le\s+)?"
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+)?"
    rf"(?:\d{{1,2}}(?:er)?\s+{_MONTH}\s+\d{{4}}|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})"
    r"(?:\s*(?:à|,|-)?\s*\d{1,2}\s*[h:]\s*\d{0,2}(?::\d{2})?)?\s*$",
    re.IGNORECASE,
)


def published_from_page(segments: list[Segment]) -> str:
    """The publication date the page states itself, as YYYY-MM-DD ('' if none).

    Read from the byline and date lines of the page's header (the date of
    publication before that of an update), a press release's dateline alone
    on its line, or an agency dateline opening the article (the headline,
    the standfirst or the lede). A header line another rule removed (a
    byline in the shape of a breadcrumb, video counters) gives the date it
    lists as an item of its own. Dates further down belong to other articles.
    """
    published: list[str] = []
    updated: list[str] = []
    kept = 0
    for seg in segments:
        if seg.action == KEEP:
            if match := _DATELINE.match(seg.text):  # the lede, under a headline and a standfirst at most
                date = _parse_date(match.group("date"))
                if date:
                    return date
            kept += 1
            if kept >= _HEADER_PARAGRAPHS:
                break
        elif seg.action == BOILERPLATE and seg.rule in _DATE_RULES:
            text = seg.text
            cut = _UPDATED.search(text)
            first, rest = (text[: cut.start()], text[cut.start():]) if cut else (text, "")
            if (date := _parse_date(first)) and (cut is None or cut.start() > 0):
                published.append(date)
            elif date := _parse_date(rest or first):
                updated.append(date)
        elif seg.action == BOILERPLATE and (date := _listed_date(seg.text)):
            published.append(date)
    return (published or updated or [""])[0]


def _listed_date(text: str) -> str:
    """The date a header line lists as one of its items ('Par X | 6 octobre 2023 | …'), or ''."""
    items = _ITEM_SEPARATOR.split(text.strip())
    if len(items) < 2:
        return ""
    return next((date for item in items if _DATE_ITEM.match(item.strip()) and (date := _parse_date(item))), "")


def _parse_date(text: str) -> str:
    for pattern in (_WORD_DATE, _NUMERIC_DATE, _ISO_DATE):
        match = pattern.search(text)
        if not match:
            continue
        month_text = match.group("month").lower().rstrip(".")
        if month_text.isdigit():
            month = int(month_text)
        else:
            month = next((number for prefix, number in _MONTHS.items() if month_text.startswith(prefix)), 0)
        year = int(match.group("year"))
        year += 2000 if year < 100 else 0
        day = int(match.group("day"))
        if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return ""
