"""The per-article cache: hits while nothing changed, misses on any change, survives corruption."""

from __future__ import annotations

from pathlib import Path

from pipeline.cache import ArticleCache, cache_key, pipeline_version
from pipeline.models import DocResult, DocumentRow, Mention, Segment


def _result(doc_id: str = "a") -> DocResult:
    return DocResult(
        document=DocumentRow(doc_id=doc_id, source=f"{doc_id}.txt", sha256="x"),
        segments=[Segment(0, "Texte.")],
        clean_text="Texte.",
        mentions=[Mention(0, 0, 0, 5, "Texte", "ORG", "org:texte", "model")],
        fingerprint=[1, 2, 3],
    )


def test_round_trip(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    cache.save("a", "k1", _result())
    assert cache.load("a", "k1") == _result()


def test_other_key_is_a_miss(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    cache.save("a", "k1", _result())
    assert cache.load("a", "k2") is None


def test_corrupt_entry_is_a_miss_and_counted(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    cache.save("a", "k1", _result())
    cache.path_for("a").write_text("{not json", encoding="utf-8")
    assert cache.load("a", "k1") is None
    assert cache.corrupt == 1


def test_entry_from_an_older_layout_is_a_miss(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    cache.save("a", "k1", _result())
    path = cache.path_for("a")
    path.write_text(path.read_text().replace('"fingerprint"', '"old_field"'), encoding="utf-8")
    assert cache.load("a", "k1") is None


def test_prune_forgets_deleted_articles(tmp_path: Path) -> None:
    cache = ArticleCache(tmp_path)
    cache.save("a", "k", _result("a"))
    cache.save("b", "k", _result("b"))
    cache.prune({"a"})
    assert cache.load("a", "k") is not None and cache.load("b", "k") is None


def test_key_depends_on_content_config_and_version() -> None:
    base = cache_key("sha", "cfg", "v1")
    assert len({base, cache_key("sha2", "cfg", "v1"), cache_key("sha", "cfg2", "v1"), cache_key("sha", "cfg", "v2")}) == 4


def test_version_includes_source_hash() -> None:
    version = pipeline_version()
    assert "+" in version and version == pipeline_version()
