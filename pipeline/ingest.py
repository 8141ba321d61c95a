"""Stage 1 — ingest: find the articles and read their bytes.

Reading never fails a run: a file that cannot be read becomes a
`SourceFile` with `error` set, which later becomes a documents.csv row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from pipeline.models import SourceFile


def list_articles(input_dir: Path) -> list[Path]:
    """Every `*.txt` file directly in `input_dir`, in a stable order."""
    return sorted(
        (p for p in Path(input_dir).iterdir() if p.suffix == ".txt" and not p.is_dir()),
        key=lambda p: p.name,
    )


def doc_id_of(path: Path) -> str:
    return path.stem


def read_article(path: Path) -> SourceFile:
    """The bytes of one article, or the reason they could not be read."""
    doc_id = doc_id_of(path)
    try:
        if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
            raise PermissionError("symbolic link pointing outside the input folder")
        raw = path.read_bytes()
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return SourceFile(doc_id, path.name, b"", "", error=f"unreadable: {reason}")
    return SourceFile(doc_id, path.name, raw, hashlib.sha256(raw).hexdigest())


def content_hash(path: Path) -> str:
    """sha256 of the file's bytes, or a marker of why it cannot be read.

    The marker keys the cache too, so an unreadable file is retried once it
    becomes readable.
    """
    source = read_article(path)
    return source.sha256 or f"error:{source.error}"


def read_articles(input_dir: Path) -> Iterator[SourceFile]:
    for path in list_articles(input_dir):
        yield read_article(path)
