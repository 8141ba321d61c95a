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
import gc
import hashlib
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
from typing import TYPE_CHECKING, TextIO

from tqdm import tqdm

from pipeline.cache import CACHE_DIR, ArticleCache, ArticleSummary, cache_key, pipeline_version
from pipeline.config import Config
from pipeline.dedup import DocumentFingerprint, find_duplicate_documents, mark_syndicated, text_key
from pipeline.ingest import content_hash, doc_id_of, list_articles, read_article
from pipeline.knowledge import load_knowledge_base
from pipeline.models import STATUS_DUPLICATE, STATUS_OK, DocResult
from pipeline.tables import TableWriter

if TYPE_CHECKING:
    from pipeline.process import Resources

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
    resources = validate_data_files(config)
    output = Path(config.output)
    output.mkdir(parents=True, exist_ok=True)
    with _exclusive_lock(output), _sigterm_as_interrupt():
        _remove_leftovers(output)
        summary = _run_locked(config, force, progress, resources)
    summary.seconds = time.perf_counter() - started
    return summary


def validate_data_files(config: Config) -> Resources | None:
    """Load every data file once per configuration; raises ConfigError.

    A marker in the cache remembers that this exact configuration (its
    digest covers the data files' bytes) was valid, so unchanged runs skip
    the work.
    """
    marker = Path(config.output) / CACHE_DIR / f"valid-{config.digest[:24]}"
    if marker.is_file():
        return None
    from pipeline.process import Resources  # imports the stages, not the model

    resources = Resources(config)
    marker.parent.mkdir(parents=True, exist_ok=True)
    for old in marker.parent.glob("valid-*"):
        old.unlink(missing_ok=True)
    marker.touch()
    return resources


def _run_locked(config: Config, force: bool, progress: TextIO | None, resources: Resources | None) -> RunSummary:
    output = Path(config.output)
    cache = ArticleCache(output)
    version = pipeline_version()
    paths = list_articles(config.input)
    summary = RunSummary(articles=len(paths))

    keys: dict[str, str] = {}
    ranks: dict[str, int] = {}
    pending: list[Path] = []
    for path in paths:
        doc_id = doc_id_of(path)
        keys[doc_id] = cache_key(content_hash(path), config.digest, version)
        ranks[doc_id] = 1 if path.is_symlink() else 0
        if force or not _is_cached(cache, doc_id, keys[doc_id]):
            pending.append(path)
    doc_ids = sorted(keys)
    summary.from_cache = len(paths) - len(pending)
    summary.processed = len(pending)

    if pending:
        bar = tqdm(total=len(pending), desc="articles", unit="art", file=progress, disable=progress is None)
        for doc_id, article in _process_into_cache([(path, keys[doc_id_of(path)]) for path in pending], config, resources):
            cache.remember(doc_id, article)
            bar.update(1)
        bar.close()
        gc.collect()  # the model and the last batch go before the tables are built: a lower peak
    cache.prune(set(doc_ids))
    cache.write_index(set(doc_ids))

    tables_key = _tables_key(keys, ranks, version)
    unchanged = cache.tables_state(tables_key, output)
    if unchanged is not None and not pending:
        summary.statuses, summary.rows = unchanged
        return summary

    fingerprints = [_fingerprint(doc_id, cache.index[doc_id], ranks[doc_id]) for doc_id in doc_ids if doc_id in cache.index]
    duplicates = find_duplicate_documents(fingerprints, config.dedup.near_duplicate_threshold)

    kb = resources.kb if resources is not None else load_knowledge_base(config.knowledge.entities)
    writer = TableWriter(output, kb)
    try:
        seen_paragraphs: dict[str, str] = {}
        for doc_id in doc_ids:
            result = cache.load(doc_id, keys[doc_id])
            if result is None:  # damaged since the first pass: recompute it
                result = next(_process([Path(config.input) / f"{doc_id}.txt"], config, resources))
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
    cache.save_tables_state(tables_key, summary.statuses, summary.rows)
    return summary


def _tables_key(keys: dict[str, str], ranks: dict[str, int], version: str) -> str:
    """Everything the tables depend on: the articles' cache keys and link ranks."""
    h = hashlib.sha256(version.encode())
    for doc_id in sorted(keys):
        h.update(f"{doc_id}\0{keys[doc_id]}\0{ranks[doc_id]}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


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


BATCH = 64  # articles cleaned and parsed together: bounds memory, keeps nlp.pipe busy
WORKER_BATCHES = 16  # batches per worker at least, when the corpus is large enough


def _process(paths: list[Path], config: Config, resources: Resources | None = None) -> Iterator[DocResult]:
    """Process articles in this process, in batches so memory stays bounded."""
    from pipeline.process import Resources  # loads spaCy: only when needed

    resources = resources or Resources(config)
    for i in range(0, len(paths), BATCH):
        yield from _process_batch(paths[i : i + BATCH], resources)


def _process_into_cache(
    pending: list[tuple[Path, str]], config: Config, resources: Resources | None = None
) -> Iterator[tuple[str, ArticleSummary]]:
    """Process (article, cache key) pairs into the cache, in this process or in
    `config.jobs` workers; yields each article's summary.

    A worker writes its results to the cache itself and sends back only the
    summaries: the parent neither unpickles nor re-serialises every result,
    work that would take CPU from the workers. Each worker loads the model once.
    """
    if config.jobs <= 1 or len(pending) < 2:
        yield from _save(ArticleCache(config.output), pending, _process([path for path, _ in pending], config, resources))
        return
    # Small enough batches that no worker idles long at the end waiting for
    # the last one; large enough that each fills some of spaCy's batches.
    size = max(1, min(BATCH, -(-len(pending) // (config.jobs * WORKER_BATCHES))))
    batches = [pending[i : i + size] for i in range(0, len(pending), size)]
    global _WORKER_RESOURCES
    _WORKER_RESOURCES = resources  # forked workers start with what this process has loaded
    try:
        with ProcessPoolExecutor(max_workers=config.jobs, initializer=_init_worker, initargs=(config,)) as pool:
            for summaries in pool.map(_work, batches):
                yield from summaries
    finally:
        _WORKER_RESOURCES = None


def _process_batch(paths: list[Path], resources: Resources) -> Iterator[DocResult]:
    from pipeline.process import process_sources

    yield from process_sources([read_article(path) for path in paths], resources)


def _save(
    cache: ArticleCache, pending: list[tuple[Path, str]], results: Iterator[DocResult]
) -> Iterator[tuple[str, ArticleSummary]]:
    """Save each result under its article's key (results come in the order of `pending`); give its summary."""
    for (_, key), result in zip(pending, results):
        doc_id = result.document.doc_id
        cache.save(doc_id, key, result)
        yield doc_id, summarize(result, key)


_WORKER_RESOURCES: Resources | None = None


def _init_worker(config: Config) -> None:
    """Load the resources once per worker, unless the worker was forked with them."""
    global _WORKER_RESOURCES
    if _WORKER_RESOURCES is not None and _WORKER_RESOURCES.config == config:
        return
    from pipeline.process import Resources

    _WORKER_RESOURCES = Resources(config)


def _work(pending: list[tuple[Path, str]]) -> list[tuple[str, ArticleSummary]]:
    assert _WORKER_RESOURCES is not None
    cache = ArticleCache(_WORKER_RESOURCES.config.output)
    return list(_save(cache, pending, _process_batch([path for path, _ in pending], _WORKER_RESOURCES)))


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
