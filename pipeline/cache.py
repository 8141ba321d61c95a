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
from pathlib import Path

import pipeline
from pipeline.models import DocResult

CACHE_DIR = ".cache"


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


class ArticleCache:
    def __init__(self, output_dir: Path) -> None:
        self.root = Path(output_dir) / CACHE_DIR
        self.corrupt = 0

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

    def prune(self, keep_doc_ids: set[str]) -> None:
        """Forget articles that are no longer in the input folder."""
        if not self.root.is_dir():
            return
        wanted = {self.path_for(doc_id).name for doc_id in keep_doc_ids}
        for path in self.root.iterdir():
            if path.name not in wanted:
                path.unlink(missing_ok=True)
