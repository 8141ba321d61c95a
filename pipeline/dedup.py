"""Stage 4 — deduplicate: say each paragraph once.

Scraped pages repeat paragraphs (the whole text twice, a headline repeated
with another apostrophe, a caption that repeats a paragraph). The first
occurrence is kept; later ones are marked `duplicate` with the index of the
one they repeat. Everything here depends on the article alone, so results
never depend on what ran before.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.models import BOILERPLATE, DUPLICATE, KEEP, STATUS_OK, Segment

_SCHEME = "affine32"  # datasketch needs it to rebuild a MinHash from stored values
# Quote marks read alike. Applied with str.replace, one mark after the other:
# each is a fast scan, where str.translate looks every character up.
_APOSTROPHES = (("’", "'"), ("‘", "'"), ("`", "'"), ("´", "'"), ("«", '"'), ("»", '"'), ("“", '"'), ("”", '"'))
_NON_WORD = re.compile(r"\W+")


@functools.lru_cache(maxsize=8192)
def fingerprint_text(text: str) -> str:
    """Key under which two spellings of the same paragraph compare equal.

    Memoised: boilerplate and dedup ask for the key of the same paragraphs
    several times each.
    """
    text = unicodedata.normalize("NFKC", text)
    for mark, plain in _APOSTROPHES:
        text = text.replace(mark, plain)
    return _NON_WORD.sub(" ", text.lower()).strip()


def shingles(text: str, size: int) -> set[str]:
    words = fingerprint_text(text).split()
    if len(words) < size:
        return {" ".join(words)} if words else set()
    # the runs of `size` words, zipped from shifted copies of the list (no slice per run)
    return set(map(" ".join, zip(*(words[i:] for i in range(size)))))


def jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# Chrome dropped for where it stands, not for what it says: when it repeats a
# kept paragraph, "duplicate" is the truer account of it.
_POSITIONAL_RULES = frozenset(
    {
        "feature:short_header",
        "feature:site_name",
        "feature:between_chrome",
        "feature:tail_chrome",
        "feature:after_article_end",
    }
)
_CONTAINED_MIN_WORDS = 8  # shorter lines (intertitles) may well recur inside a paragraph
_NEAR_MIN_WORDS = 5


@dataclass
class _Seen:
    """Kept paragraphs of the article so far, indexed for the repeat checks."""

    exact: dict[str, int]
    grams: list[tuple[int, set[str]]]
    gram_index: dict[str, list[int]]
    keys: list[tuple[int, str]]


def mark_duplicates(segments: list[Segment], threshold: float, shingle_size: int) -> list[Segment]:
    """Mark repeated paragraphs inside one article; the first occurrence stays.

    A paragraph repeats an earlier kept one when it is the same text (after
    apostrophe, case and punctuation normalisation: `exact`), when their
    word shingles overlap at `threshold` or more (`near`), when it is a
    copy cut short (a prefix of the earlier one, as the last repeat of a
    page cut at a size limit: `truncated`), or when it is a passage of the
    earlier one (a caption or pull quote repeating a sentence: `contained`).
    A copy cut short of an earlier *boilerplate* paragraph (a caption
    repeated and truncated) is a repeat of it too.
    """
    seen = _Seen({}, [], {}, [])
    earlier: list[tuple[int, str, str]] = []  # (index, normalised text, action)
    result: list[Segment] = []
    for seg in segments:
        if seg.action not in (KEEP, BOILERPLATE):
            result.append(seg)
            continue
        key = fingerprint_text(seg.text)
        if seg.action == BOILERPLATE:
            # only chrome dropped for where it stands is compared (its shingles are read for that alone)
            found = _repeat_of(key, shingles(seg.text, shingle_size), seen, threshold) if seg.rule in _POSITIONAL_RULES else None
            if found is not None:
                result.append(Segment(seg.index, seg.text, DUPLICATE, f"duplicate:{found[1]}", str(found[0])))
            else:
                result.append(seg)
            earlier.append((seg.index, key, seg.action))
            continue
        grams = shingles(seg.text, shingle_size)
        found = _repeat_of(key, grams, seen, threshold)
        if found is None:
            original = _truncated_copy(key, seg.text, earlier)
            found = (original, "truncated") if original is not None else None
        if found is not None:
            result.append(Segment(seg.index, seg.text, DUPLICATE, f"duplicate:{found[1]}", str(found[0])))
            continue
        seen.exact.setdefault(key, seg.index)
        position = len(seen.grams)
        seen.grams.append((seg.index, grams))
        for gram in grams:
            seen.gram_index.setdefault(gram, []).append(position)
        seen.keys.append((seg.index, key))
        earlier.append((seg.index, key, KEEP))
        result.append(seg)
    return result


def _repeat_of(key: str, grams: set[str], seen: _Seen, threshold: float) -> tuple[int, str] | None:
    """(index of the kept paragraph this one repeats, how) or None."""
    if not key:
        return None
    if key in seen.exact:
        return seen.exact[key], "exact"
    words = len(key.split())
    if words >= _NEAR_MIN_WORDS:
        original = _near_duplicate(grams, seen.grams, seen.gram_index, threshold)
        if original is not None:
            return original, "near"
        for index, other in seen.keys:
            if len(other) > len(key) and other.startswith(key):
                return index, "truncated"
    if words >= _CONTAINED_MIN_WORDS:
        padded = f" {key} "
        for index, other in seen.keys:
            if len(other) > len(key) and padded in f" {other} ":
                return index, "contained"
    return None


def _near_duplicate(
    grams: set[str], kept: list[tuple[int, set[str]]], index: dict[str, list[int]], threshold: float
) -> int | None:
    """The first kept paragraph whose shingles overlap enough (via an inverted index)."""
    candidates = sorted({position for gram in grams for position in index.get(gram, ())})
    for position in candidates:
        other_index, other = kept[position]
        if jaccard(grams, other) >= threshold:
            return other_index
    return None


_COMPLETE = re.compile(r"[.!?…»\"”)]\s*$")


def _truncated_copy(key: str, text: str, earlier: list[tuple[int, str, str]]) -> int | None:
    """An earlier boilerplate paragraph this one is the cut-short beginning of."""
    if len(key.split()) < _NEAR_MIN_WORDS or _COMPLETE.search(text):
        return None
    for index, other, action in earlier:
        if action == BOILERPLATE and len(other) > len(key) and other.startswith(key):
            return index
    return None


def minhash_signature(text: str, shingle_size: int, num_perm: int = 64) -> list[int]:
    """MinHash of a whole clean text, stored so articles compare cheaply.

    The values datasketch's MinHash(seed=1, scheme="affine32").update_batch
    gives (tests/test_dedup.py checks it), computed on one array: its
    update_batch calls a Python hash function per shingle. Each shingle's
    hash is the first 4 bytes of its SHA-1, little-endian (datasketch's
    sha1_hash32), mixed by MurmurHash3's 32-bit finaliser, then permuted
    a·h + b mod 2³² by the seeded parameters; the signature is the minimum
    of each permutation (2³² − 1 with no shingle).
    """
    import numpy as np

    a, b = _permutations(num_perm)
    grams = shingles(text, shingle_size)
    if not grams:
        return [_MAX32] * num_perm
    digests = b"".join([hashlib.sha1(gram.encode("utf-8")).digest()[:4] for gram in grams])
    h = np.frombuffer(digests, dtype="<u4").astype(np.uint32)
    h ^= h >> np.uint32(16)  # MurmurHash3 fmix32
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return (h[:, None] * a + b).min(axis=0).tolist()


_MAX32 = (1 << 32) - 1


@functools.cache
def _permutations(num_perm: int) -> Any:
    """The seeded permutations, drawn once per process rather than per article."""
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1, scheme=_SCHEME).permutations


def signature_similarity(a: Sequence[int], b: Sequence[int]) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    return sum(1 for x, y in zip(a, b) if x == y) / len(a)


@dataclass(frozen=True)
class DocumentFingerprint:
    """What cross-article duplicate detection needs to know of an article.

    `rank` orders candidates for "the original": lower wins, then doc_id.
    A plain UTF-8 file beats a copy that needed encoding repairs or a
    symbolic link, so the article users wrote stays the original whatever
    its copies are named.
    """

    doc_id: str
    status: str
    signature: Sequence[int]
    text_key: str
    rank: int = 0


def text_key(clean_text: str) -> str:
    """Hash under which two spellings of the same article compare equal."""
    return hashlib.sha1(fingerprint_text(clean_text).encode("utf-8")).hexdigest() if clean_text.strip() else ""


def find_duplicate_documents(docs: list[DocumentFingerprint], threshold: float) -> dict[str, str]:
    """doc_id → the article it duplicates.

    Same clean text, or MinHash similarity at or above `threshold`. Only
    articles with status ok take part; candidates are taken by (rank,
    doc_id), so the result never depends on what ran before.
    """
    candidates = sorted((d for d in docs if d.status == STATUS_OK and d.text_key), key=lambda d: (d.rank, d.doc_id))
    order = {doc.doc_id: position for position, doc in enumerate(candidates)}
    num_perm = next((len(d.signature) for d in candidates if d.signature), 0)
    from datasketch import MinHash, MinHashLSH  # imports scipy: only when tables are rebuilt

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm) if num_perm else None
    by_text: dict[str, str] = {}
    signatures: dict[str, Sequence[int]] = {}
    duplicates: dict[str, str] = {}
    for doc in candidates:
        original = by_text.get(doc.text_key)
        usable = lsh is not None and len(doc.signature) == num_perm
        if original is None and usable and not lsh.is_empty():  # type: ignore[union-attr]
            query = MinHash(num_perm=num_perm, hashvalues=doc.signature, scheme=_SCHEME)
            similar = [
                other
                for other in lsh.query(query)  # type: ignore[union-attr]
                if signature_similarity(doc.signature, signatures[other]) >= threshold
            ]
            original = min(similar, key=lambda other: order[other]) if similar else None
        if original is not None:
            duplicates[doc.doc_id] = original
            continue
        by_text[doc.text_key] = doc.doc_id
        if usable:
            lsh.insert(doc.doc_id, MinHash(num_perm=num_perm, hashvalues=doc.signature, scheme=_SCHEME))  # type: ignore[union-attr]
            signatures[doc.doc_id] = doc.signature
    return duplicates


def mark_syndicated(doc_id: str, segments: list[Segment], seen: dict[str, str], min_words: int = 8) -> None:
    """Point kept paragraphs already published by an earlier article at it.

    The paragraph stays in this article's text (it is part of what the
    site published); segments.csv says where it was seen first.
    """
    for seg in segments:
        if seg.action != KEEP:
            continue
        words = fingerprint_text(seg.text)
        if len(words.split()) < min_words:
            continue
        key = hashlib.sha1(words.encode("utf-8")).hexdigest()
        first = seen.setdefault(key, f"{doc_id}#{seg.index}")
        if not first.startswith(f"{doc_id}#"):
            seg.rule = "syndicated"
            seg.duplicate_of = first
