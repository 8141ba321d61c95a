"""Per-article cache: a processed article is reused while nothing it depends on changed.

The key is the article's content hash, the configuration's hash (settings
and data files) and the pipeline's version (its own source code), so any
change to any of them recomputes exactly the articles it affects. Entries
are JSON written atomically; a corrupt or stale entry is just recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import pipeline

from pipeline.models import DocResult

CACHE_DIR = ".cache"
INDEX_FILE = "index.json"
TABLES_FILE = "tables.json"  # what the current tables were built from


def pipeline_version() -> str:
    """The package version plus a hash of its source, so edited rules invalidate."""
    h = hashlib.sha256(pipeline.__version__.encode())
    root = Path(pipeline.__file__).parent
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return f"{pipeline.__version__}+{h.hexdigest()[:16]}"


def cache_key(sha256: str, config_digest: str, version: str) -> str:
    return hashlib.sha256(f"{sha256}|{config_digest}|{version}".encode()).hexdigest()


@dataclass
class ArticleSummary:
    """What a run needs of a cached article before writing tables.

    Kept in a small index so that a run with nothing changed does not parse
    every cached article twice (once for duplicates, once for the tables).
    """

    key: str
    status: str
    encoding: str
    encoding_repairs: int
    text_key: str  # hash of the normalised clean text
    signature: Sequence[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # 64 machine words, not 64 int objects: a large corpus keeps one per article
        self.signature = array("I", self.signature)

    def to_dict(self) -> dict[str, Any]:
        return {**{f.name: getattr(self, f.name) for f in fields(self)}, "signature": list(self.signature)}


class ArticleCache:
    def __init__(self, output_dir: Path) -> None:
        self.root = Path(output_dir) / CACHE_DIR
        self.corrupt = 0
        self._index: dict[str, ArticleSummary] | None = None

    @property
    def index(self) -> dict[str, ArticleSummary]:
        if self._index is None:
            self._index = self._read_index()
        return self._index

    def _read_index(self) -> dict[str, ArticleSummary]:
        try:
            data = json.loads((self.root / INDEX_FILE).read_text(encoding="utf-8"))
            return {doc_id: ArticleSummary(**item) for doc_id, item in data.items()}
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, TypeError, AttributeError, OverflowError):
            self.corrupt += 1
            return {}

    def summary(self, doc_id: str, key: str) -> ArticleSummary | None:
        """The indexed summary when it is current and its entry still exists."""
        item = self.index.get(doc_id)
        if item is None or item.key != key or not self.path_for(doc_id).is_file():
            return None
        return item

    def remember(self, doc_id: str, summary: ArticleSummary) -> None:
        self.index[doc_id] = summary

    def write_index(self, doc_ids: set[str]) -> None:
        """Save the index of the articles present, atomically."""
        self.root.mkdir(parents=True, exist_ok=True)
        data = {doc_id: item.to_dict() for doc_id, item in sorted(self.index.items()) if doc_id in doc_ids}
        tmp = self.root / f"{INDEX_FILE}.tmp{os.getpid()}"
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.root / INDEX_FILE)

    def path_for(self, doc_id: str) -> Path:
        digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()
        return self.root / f"{digest}.json"

    def load(self, doc_id: str, key: str) -> DocResult | None:
        """The cached result, or None if missing, stale or unreadable."""
        path = self.path_for(doc_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            self.corrupt += 1
            return None
        if not isinstance(data, dict) or data.get("key") != key or data.get("doc_id") != doc_id:
            return None
        try:
            return DocResult.from_dict(data["result"])
        except (KeyError, TypeError, ValueError):
            self.corrupt += 1
            return None

    def save(self, doc_id: str, key: str, result: DocResult) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.path_for(doc_id)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        payload = {"key": key, "doc_id": doc_id, "result": result.to_dict()}
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    def tables_state(self, tables_key: str, output: Path) -> tuple[dict[str, int], dict[str, int]] | None:
        """Statuses and row counts of the tables on disk, if they were built from `tables_key`."""
        try:
            data = json.loads((self.root / TABLES_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != tables_key:
            return None
        if not all((Path(output) / name).is_file() for name in data.get("rows", {})):
            return None
        return dict(data["statuses"]), dict(data["rows"])

    def save_tables_state(self, tables_key: str, statuses: dict[str, int], rows: dict[str, int]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = self.root / f"{TABLES_FILE}.tmp{os.getpid()}"
        tmp.write_text(json.dumps({"key": tables_key, "statuses": statuses, "rows": rows}), encoding="utf-8")
        os.replace(tmp, self.root / TABLES_FILE)

    def prune(self, keep_doc_ids: set[str]) -> None:
        """Forget articles that are no longer in the input folder."""
        if not self.root.is_dir():
            return
        wanted = {self.path_for(doc_id).name for doc_id in keep_doc_ids} | {INDEX_FILE, TABLES_FILE}
        for path in self.root.iterdir():
            if path.name not in wanted and not path.name.startswith("valid-"):
                path.unlink(missing_ok=True)
