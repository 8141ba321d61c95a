"""Ingest: every *.txt directly in the folder, in order; unreadable files are reported, not fatal."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from pipeline.ingest import list_articles, read_article


def test_lists_only_txt_files_in_name_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a.txt", "notes.md", "é t é.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in list_articles(tmp_path)] == ["a.txt", "b.txt", "é t é.txt"]


def test_reads_bytes_and_hash(tmp_path: Path) -> None:
    (tmp_path / "art.txt").write_bytes(b"Bonjour")
    source = read_article(tmp_path / "art.txt")
    assert source.doc_id == "art" and source.raw == b"Bonjour" and not source.error
    assert source.sha256 == hashlib.sha256(b"Bonjour").hexdigest()


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_becomes_an_error_row(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret", encoding="utf-8")
    path.chmod(0)
    source = read_article(path)
    assert source.error.startswith("unreadable")


def test_dangling_symlink_is_an_error_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    source = read_article(tmp_path / "gone.txt")
    assert source.error.startswith("unreadable")
