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
import shutil
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from pipeline.cache import CACHE_DIR, ArticleCache, ArticleSummary, cache_key, pipeline_version
from pipeline.config import Config
from pipeline.dedup import DocumentFingerprint, find_duplicate_documents, mark_syndicated, text_key
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
    """Bring every table in `config.output` up to date with `config.input`.

    The data files are validated before the output folder is touched, so a
    bad knowledge base or glossary leaves the previous results as they were.
    """
    started = time.perf_counter()
    validate_data_files(config)
    output = Path(config.output)
    output.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(output), _sigterm_as_interrupt():
        _remove_leftovers(output)
        summary = _run_locked(config, force, progress)
    summary.seconds = time.perf_counter() - started
    return summary


def validate_data_files(config: Config) -> None:
    """Load every data file once per configuration; raises ConfigError.

    A marker in the cache remembers that this exact configuration (its
    digest covers the data files' bytes) was valid, so unchanged runs skip
    the work.
    """
    marker = Path(config.output) / CACHE_DIR / f"valid-{config.digest[:24]}"
    if marker.is_file():
        return
    from pipeline.process import Resources  # imports the stages, not the model

    Resources(config)
    marker.parent.mkdir(parents=True, exist_ok=True)
    for old in marker.parent.glob("valid-*"):
        old.unlink(missing_ok=True)
    marker.touch()


def _run_locked(config: Config, force: bool, progress: TextIO | None) -> RunSummary:
    output = Path(config.output)
    cache = ArticleCache(output)
    version = pipeline_version()
    paths = list_articles(config.input)
    summary = RunSummary(articles=len(paths))

    keys: dict[str, str] = {}
    ranks: dict[str, int] = {}
    pending: list[SourceFile] = []
    for path in paths:
        source = read_article(path)
        doc_id = source.doc_id
        keys[doc_id] = cache_key(source.sha256 or source.error, config.digest, version)
        ranks[doc_id] = 1 if path.is_symlink() else 0
        if force or not _is_cached(cache, doc_id, keys[doc_id]):
            pending.append(source)
    doc_ids = sorted(keys)
    summary.from_cache = len(paths) - len(pending)
    summary.processed = len(pending)

    if pending:
        bar = tqdm(total=len(pending), desc="articles", unit="art", file=progress, disable=progress is None)
        for result in _process(pending, config):
            doc_id = result.document.doc_id
            cache.save(doc_id, keys[doc_id], result)
            cache.remember(doc_id, summarize(result, keys[doc_id]))
            bar.update(1)
        bar.close()
    cache.prune(set(doc_ids))
    cache.write_index(set(doc_ids))

    fingerprints = [_fingerprint(doc_id, cache.index[doc_id], ranks[doc_id]) for doc_id in doc_ids if doc_id in cache.index]
    duplicates = find_duplicate_documents(fingerprints, config.dedup.near_duplicate_threshold)

    writer = TableWriter(output, load_knowledge_base(config.knowledge.entities))
    try:
        seen_paragraphs: dict[str, str] = {}
        for doc_id in doc_ids:
            result = cache.load(doc_id, keys[doc_id])
            if result is None:  # damaged since the first pass: recompute it
                result = next(_process([read_article(Path(config.input) / f"{doc_id}.txt")], config))
            if doc_id in duplicates and result.document.status == STATUS_OK:
                result.document.status = STATUS_DUPLICATE
                result.document.duplicate_of = duplicates[doc_id]
                result.document.reason = f"same content as {duplicates[doc_id]}"
            mark_syndicated(doc_id, result.segments, seen_paragraphs)
            summary.statuses[result.document.status] = summary.statuses.get(result.document.status, 0) + 1
            writer.add(result)
        summary.rows = writer.commit()
    except BaseException:
        writer.abort()
        raise
    return summary


def _is_cached(cache: ArticleCache, doc_id: str, key: str) -> bool:
    """True when a current result exists; fills the index from the entry if needed."""
    if cache.summary(doc_id, key) is not None:
        return True
    result = cache.load(doc_id, key)
    if result is None:
        return False
    cache.remember(doc_id, summarize(result, key))
    return True


def summarize(result: DocResult, key: str) -> ArticleSummary:
    document = result.document
    return ArticleSummary(
        key=key,
        status=document.status,
        encoding=document.encoding,
        encoding_repairs=sum(1 for r in result.repairs if r.kind in ("encoding", "markup")),
        text_key=text_key(result.clean_text),
        signature=result.fingerprint,
    )


def _fingerprint(doc_id: str, summary: ArticleSummary, link_rank: int) -> DocumentFingerprint:
    """Rank: a regular UTF-8 file that needed no encoding repair is the likeliest original."""
    plain = summary.encoding in ("utf-8", "") and summary.encoding_repairs == 0
    rank = link_rank * 2 + (0 if plain else 1)
    return DocumentFingerprint(doc_id, summary.status, summary.signature, summary.text_key, rank)


def _remove_leftovers(output: Path) -> None:
    """Staging folders of runs that were killed before they could clean up."""
    for leftover in [*output.glob(".staging-*"), *output.glob(".retired-*")]:
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so the previous tables stay in place."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
