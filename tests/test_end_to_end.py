"""End to end: the CLI on the seeds, as a user runs it.

One extraction of the seeds is shared by the module; further runs check
determinism and the incremental behaviour promised by SPEC.md.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.tables import COLUMNS
from tests.conftest import ROOT, copy_seeds


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    base = tmp_path_factory.mktemp("e2e")
    articles, output = base / "in", base / "out"
    doc_ids = copy_seeds(articles)
    done = run_cli("extract", "--input", str(articles), "--output", str(output))
    assert done.returncode == 0, done.stderr
    assert "5 articles" in done.stdout and "5 processed" in done.stdout
    return articles, output, doc_ids


def test_every_file_and_column(seeds_run: tuple[Path, Path, list[str]]) -> None:
    _, output, doc_ids = seeds_run
    for name, columns in COLUMNS.items():
        with (output / name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns
    documents = read(output / "documents.csv")
    assert [row["doc_id"] for row in documents] == doc_ids
    assert all(row["status"] == "ok" for row in documents)
    for doc_id in doc_ids:
        assert (output / "clean" / f"{doc_id}.txt").read_text(encoding="utf-8").strip()
    assert read(output / "entities.csv"), "entities.csv is empty"


def test_mention_offsets_point_at_the_clean_text(seeds_run: tuple[Path, Path, list[str]]) -> None:
    _, output, _ = seeds_run
    texts: dict[str, str] = {}
    entity_ids = {row["entity_id"] for row in read(output / "entities.csv")}
    mentions = read(output / "mentions.csv")
    assert mentions
    for row in mentions:
        if row["doc_id"] not in texts:
            texts[row["doc_id"]] = (output / "clean" / f"{row['doc_id']}.txt").read_text(encoding="utf-8")
        assert texts[row["doc_id"]][int(row["start"]) : int(row["end"])] == row["text"], row
        assert not row["entity_id"] or row["entity_id"] in entity_ids


def test_fact_ids_refer_to_entities(seeds_run: tuple[Path, Path, list[str]]) -> None:
    _, output, _ = seeds_run
    entity_ids = {row["entity_id"] for row in read(output / "entities.csv")}
    for table, columns in [
        ("partnerships.csv", ["org_a_id", "org_b_id"]),
        ("standard_adoptions.csv", ["org_id", "standard_id"]),
        ("figures.csv", ["subject_id"]),
        ("quotes.csv", ["speaker_id"]),
    ]:
        for row in read(output / table):
            for column in columns:
                assert not row[column] or row[column] in entity_ids, (table, row)


def test_two_runs_give_byte_identical_files(seeds_run: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    """A second run, with two worker processes: the same bytes as one process."""
    articles, output, _ = seeds_run
    again = tmp_path / "again"
    done = run_cli("extract", "--input", str(articles), "--output", str(again), "--force", "--jobs", "2")
    assert done.returncode == 0, done.stderr
    for name in COLUMNS:
        assert (again / name).read_bytes() == (output / name).read_bytes(), name
    for clean in (output / "clean").iterdir():
        assert (again / "clean" / clean.name).read_bytes() == clean.read_bytes()


def test_incremental_runs(seeds_run: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    articles, output, doc_ids = seeds_run
    work_in, work_out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(articles, work_in)
    shutil.copytree(output, work_out)
    before = {name: (work_out / name).read_bytes() for name in COLUMNS}

    started = time.perf_counter()
    unchanged = run_cli("extract", "--input", str(work_in), "--output", str(work_out))
    elapsed = time.perf_counter() - started
    assert unchanged.returncode == 0, unchanged.stderr
    assert "0 processed, 5 from cache" in unchanged.stdout
    assert elapsed < 3.0, f"a run with nothing changed took {elapsed:.1f} s"
    assert {name: (work_out / name).read_bytes() for name in COLUMNS} == before

    # Adding one article processes only that one.
    shutil.copy(work_in / f"{doc_ids[1]}.txt", work_in / "zz_new.txt")
    (work_in / "zz_new.txt").write_text(
        (work_in / "zz_new.txt").read_text(encoding="utf-8") + "\nRenault a aussi annoncé un accord avec Verkor.\n",
        encoding="utf-8",
    )
    added = run_cli("extract", "--input", str(work_in), "--output", str(work_out))
    assert "1 processed, 5 from cache" in added.stdout, added.stdout
    assert "zz_new" in {row["doc_id"] for row in read(work_out / "documents.csv")}

    # A deleted article disappears from every table.
    (work_in / f"{doc_ids[0]}.txt").unlink()
    removed = run_cli("extract", "--input", str(work_in), "--output", str(work_out))
    assert "0 processed, 5 from cache" in removed.stdout, removed.stdout
    for name in COLUMNS:
        if name != "entities.csv":
            assert doc_ids[0] not in (work_out / name).read_text(encoding="utf-8"), name
    assert not (work_out / "clean" / f"{doc_ids[0]}.txt").exists()

    # --force recomputes everything.
    forced = run_cli("extract", "--input", str(work_in), "--output", str(work_out), "--force")
    assert "5 processed, 0 from cache" in forced.stdout, forced.stdout
