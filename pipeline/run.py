"""The whole run: the data flow of the pipeline, top to bottom.

    ingest → (cache hit? reuse) → process (clean → spaCy → link → facts)
           → cross-article duplicates → tables

Only articles whose content, configuration or pipeline version changed are
processed; the tables are always rebuilt from the cache, so a deleted
article disappears from every table. The spaCy model is loaded only when
some article has to be processed.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from pipeline.cache import ArticleCache, cache_key, pipeline_version
from pipeline.config import Config
from pipeline.dedup import DocumentFingerprint, find_duplicate_documents, mark_syndicated
from pipeline.ingest import list_articles, read_article
from pipeline.knowledge import load_knowledge_base
from pipeline.models import STATUS_DUPLICATE, STATUS_OK, DocResult, SourceFile
from pipeline.tables import TableWriter

LOCK_FILE = ".lock"


class RunLocked(Exception):
    """Another run is writing to the same output folder."""


@dataclass
class RunSummary:
    articles: int = 0
    processed: int = 0
    from_cache: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def text(self) -> str:
        ok = self.statuses.get(STATUS_OK, 0)
        failed = self.statuses.get("error", 0)
        skipped = self.articles - ok - failed
        tables = ", ".join(f"{name.removesuffix('.csv')} {count}" for name, count in self.rows.items())
        detail = ", ".join(f"{status} {count}" for status, count in sorted(self.statuses.items()))
        return (
            f"{self.articles} articles: {ok} ok, {skipped} skipped, {failed} failed ({detail}); "
            f"{self.processed} processed, {self.from_cache} from cache. "
            f"Rows: {tables}. Time {self.seconds:.1f} s."
        )


def run_extract(config: Config, force: bool = False, progress: TextIO | None = sys.stderr) -> RunSummary:
    """Bring every table in `config.output` up to date with `config.input`."""
    started = time.perf_counter()
    output = Path(config.output)
    output.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(output):
        summary = _run_locked(config, force, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def _run_locked(config: Config, force: bool, progress: TextIO | None) -> RunSummary:
    output = Path(config.output)
    cache = ArticleCache(output)
    version = pipeline_version()
    paths = list_articles(config.input)
    summary = RunSummary(articles=len(paths))

    keys: dict[str, str] = {}
    pending: list[SourceFile] = []
    doc_ids: list[str] = []
    for path in paths:
        source = read_article(path)
        doc_ids.append(source.doc_id)
        keys[source.doc_id] = cache_key(source.sha256 or source.error, config.digest, version)
        if force or cache.load(source.doc_id, keys[source.doc_id]) is None:
            pending.append(source)
    summary.from_cache = len(paths) - len(pending)
    summary.processed = len(pending)

    if pending:
        bar = tqdm(total=len(pending), desc="articles", unit="art", file=progress, disable=progress is None)
        for result in _process(pending, config):
            cache.save(result.document.doc_id, keys[result.document.doc_id], result)
            bar.update(1)
        bar.close()
    cache.prune(set(doc_ids))

    fingerprints = [_fingerprint(cache, doc_id, keys[doc_id]) for doc_id in doc_ids]
    duplicates = find_duplicate_documents(fingerprints, config.dedup.near_duplicate_threshold)

    writer = TableWriter(output, load_knowledge_base(config.knowledge.entities))
    try:
        seen_paragraphs: dict[str, str] = {}
        for doc_id in sorted(doc_ids):
            result = cache.load(doc_id, keys[doc_id])
            if result is None:  # vanished between the two passes: recompute it
                result = next(_process([read_article(config.input / f"{doc_id}.txt")], config))
            if doc_id in duplicates and result.document.status == STATUS_OK:
                result.document.status = STATUS_DUPLICATE
                result.document.duplicate_of = duplicates[doc_id]
                result.document.reason = f"same content as {duplicates[doc_id]}"
            mark_syndicated(result.document.doc_id, result.segments, seen_paragraphs)
            summary.statuses[result.document.status] = summary.statuses.get(result.document.status, 0) + 1
            writer.add(result)
        summary.rows = writer.commit()
    except BaseException:
        writer.abort()
        raise
    return summary


def _fingerprint(cache: ArticleCache, doc_id: str, key: str) -> DocumentFingerprint:
    result = cache.load(doc_id, key)
    if result is None:
        return DocumentFingerprint(doc_id, "", [], "")
    return DocumentFingerprint(doc_id, result.document.status, result.fingerprint, result.clean_text)


def _process(sources: list[SourceFile], config: Config) -> Iterator[DocResult]:
    """Process articles in this process or in `config.jobs` workers."""
    from pipeline.process import Resources, process_sources  # loads spaCy: only when needed

    if config.jobs <= 1 or len(sources) < 2:
        yield from process_sources(sources, Resources(config))
        return
    chunk = max(1, min(32, len(sources) // (config.jobs * 4) or 1))
    batches = [sources[i : i + chunk] for i in range(0, len(sources), chunk)]
    with ProcessPoolExecutor(max_workers=config.jobs, initializer=_init_worker, initargs=(config,)) as pool:
        for results in pool.map(_work, batches):
            yield from results


_WORKER_RESOURCES = None


def _init_worker(config: Config) -> None:
    global _WORKER_RESOURCES
    from pipeline.process import Resources

    _WORKER_RESOURCES = Resources(config)


def _work(batch: list[SourceFile]) -> list[DocResult]:
    from pipeline.process import process_sources

    assert _WORKER_RESOURCES is not None
    return list(process_sources(batch, _WORKER_RESOURCES))


class _exclusive_lock:
    """An advisory lock on the output folder, so two runs never interleave."""

    def __init__(self, output: Path) -> None:
        self.path = output / LOCK_FILE
        self.handle: TextIO | None = None

    def __enter__(self) -> None:
        self.handle = open(self.path, "a+")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise RunLocked(
                f"another extraction is already writing to {self.path.parent}; "
                "wait for it to finish (or remove the folder's .lock file if no run is active)"
            ) from None
        self.handle.seek(0)
        self.handle.truncate()
        self.handle.write(str(os.getpid()))
        self.handle.flush()

    def __exit__(self, *exc: object) -> None:
        if self.handle:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
