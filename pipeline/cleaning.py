"""Stages 2–6 for one article: from bytes to the text every later stage reads.

encoding → segment → boilerplate → dedup → repair → language. Pure: the
result depends on the article and the configuration only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.boilerplate import BoilerplateRules, FeatureSettings, classify, header_headline, is_menu_line
from pipeline.dedup import mark_duplicates
from pipeline.encoding import decode, looks_binary
from pipeline.language import detect_language
from pipeline.markup import html_to_text, looks_like_html
from pipeline.models import (
    BOILERPLATE,
    DUPLICATE,
    KEEP,
    CleanDocument,
    DocumentRow,
    Repair,
    Segment,
    SourceFile,
    STATUS_EMPTY,
    STATUS_ERROR,
    STATUS_NOT_FRENCH,
    STATUS_OK,
)
from pipeline.repair import Repairer, repair_segments
from pipeline.segment import published_from_page, segment


@dataclass(frozen=True)
class CleaningRules:
    """Everything cleaning needs, loaded once per run."""

    boilerplate: BoilerplateRules
    repairer: Repairer
    near_duplicate_threshold: float
    shingle_size: int
    expected_language: str
    language_seed: int
    min_language_probability: float


@dataclass
class CleanedArticle:
    document: DocumentRow
    segments: list[Segment]
    repairs: list[Repair]
    clean: CleanDocument


def clean_article(source: SourceFile, rules: CleaningRules) -> CleanedArticle:
    """Decode, segment, drop chrome and repeats, repair, check the language."""
    row = DocumentRow(doc_id=source.doc_id, source=source.source, sha256=source.sha256)
    row.n_chars_raw = len(source.raw)
    if source.error:
        row.status, row.reason = STATUS_ERROR, source.error
        return CleanedArticle(row, [], [], CleanDocument(source.doc_id, "", [], []))

    if looks_binary(source.raw):
        row.status, row.reason = STATUS_ERROR, "binary data, not text"
        return CleanedArticle(row, [], [], CleanDocument(source.doc_id, "", [], []))
    decoded = decode(source.raw)
    row.encoding = decoded.encoding
    row.reason = decoded.reason
    text = decoded.text
    if looks_like_html(text):
        text = html_to_text(text)
        decoded.repairs.append(Repair(-1, "markup", "html_to_text", "HTML page", "its text", text[:80]))
    metadata, segments = segment(text)
    segments = classify(segments, rules.boilerplate)
    segments = mark_duplicates(segments, rules.near_duplicate_threshold, rules.shingle_size)
    # The language is judged before repair: the repairs are for French text.
    row.language, row.language_prob = detect_language(assemble(source.doc_id, segments).text, rules.language_seed)
    french = row.language == rules.expected_language and row.language_prob >= rules.min_language_probability
    if french:
        segments, repairs = repair_segments(segments, rules.repairer)
    else:
        repairs = []
    repairs = decoded.repairs + repairs
    clean = assemble(source.doc_id, segments)

    row.title = guess_title(segments, rules.boilerplate.features)
    row.published = publication_date(metadata.published, published_from_page(segments))
    row.n_chars_clean = len(clean.text)
    row.n_paragraphs_raw = sum(1 for s in segments if s.action != "metadata")
    row.n_paragraphs_kept = len(clean.paragraphs)
    row.n_boilerplate = sum(1 for s in segments if s.action == BOILERPLATE)
    row.n_duplicates = sum(1 for s in segments if s.action == DUPLICATE)
    row.n_repairs = len(repairs)

    if not clean.text.strip():
        # Boilerplate features are French ones: a foreign text can lose every paragraph.
        row.language, row.language_prob = detect_language("\n\n".join(s.text for s in segments), rules.language_seed)
        if row.language and row.language != rules.expected_language:
            row.status, row.reason = STATUS_NOT_FRENCH, row.reason or f"language detected: {row.language}"
            return CleanedArticle(row, segments, repairs, clean)
        row.status = STATUS_EMPTY
        row.reason = row.reason or ("no text" if not decoded.text.strip() else "only boilerplate")
        return CleanedArticle(row, segments, repairs, clean)
    if not french:
        row.status = STATUS_NOT_FRENCH
        row.reason = row.reason or f"language detected: {row.language or 'unknown'}"
    else:
        row.status = STATUS_OK
    return CleanedArticle(row, segments, repairs, clean)


def publication_date(date_line: str, from_page: str) -> str:
    """The date line's date; the page's own date when it only makes it more precise.

    A ' date 2024-10' line gives the month; a byline of the same month
    ('Publié le 29 octobre 2024') gives the day too. A page date of another
    month does not override the date line.
    """
    if not date_line:
        return from_page
    if from_page and len(from_page) > len(date_line) and from_page.startswith(date_line):
        return from_page
    return date_line


def assemble(doc_id: str, segments: list[Segment]) -> CleanDocument:
    """Kept paragraphs joined by one blank line, with their offsets."""
    parts: list[str] = []
    indexes: list[int] = []
    spans: list[tuple[int, int]] = []
    offset = 0
    for seg in segments:
        if seg.action != KEEP or not seg.text.strip():
            continue
        if parts:
            offset += 2
        parts.append(seg.text)
        indexes.append(seg.index)
        spans.append((offset, offset + len(seg.text)))
        offset += len(seg.text)
    return CleanDocument(doc_id, "\n\n".join(parts), indexes, spans)


_TERMINAL = re.compile(r"[.!?…]\s*$")


# A sentence ends inside a would-be headline: a stop, or an ellipsis before a
# capital. An ellipsis before a lower-case word only trails off a list
# ('prix, autonomie, batteries… tout savoir'): the headline goes on.
_SENTENCE_INSIDE = re.compile(r"[.!?]\s|…\s+(?![a-zà-ÿœ])")
_TITLE_MAX_CHARS = 220
_TITLE_MAX_WORDS = 30
_NOT_A_TITLE_END = re.compile(r"[:;,]\s*$")
_BULLET = re.compile(r"^\s*[•▪◦·\-–—*●■►]\s")
# A site's name as its domain, alone or before a menu or slogan: "AUTO-MAG.FR", "monsite.com — …".
_DOMAIN = re.compile(
    r"^\s*(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:fr|com|net|org|info|eu|be|ch|ca|lu|io|tv|news|media)\s*(?:$|[|·•/—–-]|\s{2})",
    re.IGNORECASE,
)


def guess_title(segments: list[Segment], settings: FeatureSettings = FeatureSettings()) -> str:
    """The headline, when the article starts with one.

    The headline is the line the boilerplate header walk kept above the
    first prose paragraph (the one closest above the byline or the prose,
    not the first line of the page); when the text starts with its prose,
    the first paragraph is the headline if it reads as one: a single
    sentence of at most 30 words, at most one full stop at the end, not a
    list item nor the lead-in of a list, not a menu or a domain name.
    """
    kept = [s.text.strip() for s in segments if s.action == KEEP]
    if len(kept) < 2:
        return ""
    index = header_headline(kept, settings)
    title = kept[index if index is not None else 0]
    body = _TERMINAL.sub("", title)
    if len(title) > _TITLE_MAX_CHARS or len(title.split()) > _TITLE_MAX_WORDS:
        return ""
    if _SENTENCE_INSIDE.search(body) or _NOT_A_TITLE_END.search(title) or _BULLET.match(title):
        return ""
    if is_menu_line(title, settings) or _DOMAIN.search(title):
        return ""
    return title
