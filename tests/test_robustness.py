"""Bad input never costs good output.

Hostile files next to the seeds each get a documents.csv row with a status
and a reason, the run exits 0, and the seeds get exactly the rows they get
alone. Bad configuration touches nothing; an interrupted run leaves the
previous tables; two runs never write the same folder at once.
"""

from __future__ import annotations

import csv
import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.tables import COLUMNS
from tests.conftest import ROOT, SEEDS, copy_seeds

PER_DOCUMENT_TABLES = [name for name in COLUMNS if name != "entities.csv"]


def run_cli(*args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--config", str(config)] if config else []
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args, *extra], cwd=ROOT, capture_output=True, text=True, timeout=900
    )


def rows_by_doc(output: Path, table: str, doc_ids: set[str]) -> list[list[str]]:
    with (output / table).open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle) if row and row[0] in doc_ids]


def documents(output: Path) -> dict[str, dict[str, str]]:
    with (output / "documents.csv").open(encoding="utf-8", newline="") as handle:
        return {row["doc_id"]: row for row in csv.DictReader(handle)}


def _seed_text(index: int = 1) -> str:
    return sorted(SEEDS.glob("*.txt"))[index].read_text(encoding="utf-8")


def write_hostile_files(folder: Path) -> dict[str, str]:
    """Every kind of bad input users drop into seeds/; doc_id → what it is."""
    rng = random.Random(7)
    seed = _seed_text(1)
    kinds: dict[str, str] = {}

    def put(name: str, data: bytes, kind: str) -> None:
        (folder / f"{name}.txt").write_bytes(data)
        kinds[name] = kind

    put("zz empty", b"", "empty")
    put("zz blank", b"   \n\n\t \n", "whitespace only")
    put("zz image", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(3000)), "binary")
    put("zz random", bytes(rng.randrange(256) for _ in range(4000)), "random bytes")
    good = "Renault annonce un partenariat avec Verkor pour produire des batteries en France. "
    put("zz invalid utf8", (good * 3).encode() + b"\xff\xfe\xc3" + (good * 2).encode(), "invalid UTF-8 inside good text")
    put("zz cp1252", seed.encode("cp1252", errors="replace"), "cp1252 copy of a seed")
    put("zz utf16", seed.encode("utf-16"), "UTF-16 with BOM copy of a seed")
    put("zz bom", b"\xef\xbb\xbf" + seed.encode("utf-8"), "UTF-8 with BOM copy of a seed")
    put("zz mojibake", seed.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"), "mojibake copy of a seed")
    sentences = [
        f"Le constructeur numéro {i} a livré {i * 37} véhicules électriques au trimestre {i % 4 + 1}, selon son rapport."
        for i in range(4000)
    ]
    put("zz large", "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 4000, 4)).encode(), "very large article")
    put("zz tiny lines", "\n".join(f"l{i}" for i in range(6000)).encode(), "thousands of tiny lines")
    put(
        "zz page",
        (
            "<!DOCTYPE html><html><head><title>Auto</title><script>var a=1;</script></head><body>"
            "<nav><a href='/'>Accueil</a></nav><article><h1>Stellantis rallie la norme NACS</h1>"
            "<p>Stellantis a annoncé jeudi que ses véhicules électriques vendus en Amérique du Nord "
            "adopteront la norme de recharge NACS à partir de 2025, rejoignant ainsi Ford et General Motors.</p>"
            "<p>Le groupe équipera d&#8217;abord ses modèles Jeep et Ram, a précisé un porte-parole.</p>"
            "</article><footer>Mentions légales</footer></body></html>"
        ).encode(),
        "HTML page saved as .txt",
    )
    put(
        "zz english",
        (
            "General Motors said on Thursday that its electric vehicles will adopt Tesla's charging standard "
            "from 2025, giving drivers access to twelve thousand Superchargers across the United States and Canada. "
            "The agreement follows a similar deal announced by Ford two weeks ago."
        ).encode(),
        "English article",
    )
    put(
        "zz chinese",
        "比亚迪宣布将在土耳其建设一座年产十五万辆汽车的工厂，投资额约为十亿美元。该工厂预计将于二零二六年投产，并创造约五千个就业岗位。".encode(),
        "Chinese article",
    )
    put("zz été accentué", ("Un article au nom accentué. " + good * 4).encode(), "file name with spaces and accents")
    link = folder / "zz link.txt"
    link.symlink_to(folder / "zz été accentué.txt")
    kinds["zz link"] = "symbolic link"
    loop = folder / "zz loop.txt"
    loop.symlink_to(loop)
    kinds["zz loop"] = "unreadable (a link to itself)"
    return kinds


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str], dict[str, str]]:
    base = tmp_path_factory.mktemp("hostile")
    seeds_in, mixed_in = base / "seeds", base / "mixed"
    seed_ids = set(copy_seeds(seeds_in))
    copy_seeds(mixed_in)
    kinds = write_hostile_files(mixed_in)
    alone, mixed = base / "alone", base / "mixed-out"
    for articles, output in ((seeds_in, alone), (mixed_in, mixed)):
        done = run_cli("extract", "--input", str(articles), "--output", str(output))
        assert done.returncode == 0, done.stderr[-3000:]
    return alone, mixed, seed_ids, kinds


def test_every_hostile_file_gets_a_row_with_status_and_reason(hostile_run) -> None:  # type: ignore[no-untyped-def]
    _, mixed, _, kinds = hostile_run
    docs = documents(mixed)
    for doc_id, kind in kinds.items():
        assert doc_id in docs, kind
        row = docs[doc_id]
        assert row["status"] in {"ok", "not_french", "empty", "duplicate", "error"}, (kind, row)
        if row["status"] != "ok":
            assert row["reason"], (kind, row)
    assert docs["zz empty"]["status"] == "empty"
    assert docs["zz blank"]["status"] == "empty"
    assert docs["zz image"]["status"] in {"error", "empty"}
    assert docs["zz random"]["status"] in {"error", "empty"}
    assert docs["zz english"]["status"] == "not_french"
    assert docs["zz chinese"]["status"] == "not_french"
    assert docs["zz loop"]["status"] == "error"
    assert docs["zz été accentué"]["status"] == "ok"
    assert docs["zz link"]["status"] == "duplicate"
    assert docs["zz large"]["status"] == "ok"
    assert docs["zz page"]["status"] == "ok"


def test_other_encodings_of_a_seed_are_its_duplicates(hostile_run) -> None:  # type: ignore[no-untyped-def]
    _, mixed, seed_ids, _ = hostile_run
    docs = documents(mixed)
    original = sorted(seed_ids)[1]
    for doc_id in ("zz cp1252", "zz utf16", "zz bom", "zz mojibake"):
        assert docs[doc_id]["status"] == "duplicate", docs[doc_id]
        assert docs[doc_id]["duplicate_of"] == original


def test_good_text_around_invalid_bytes_is_kept(hostile_run) -> None:  # type: ignore[no-untyped-def]
    _, mixed, _, _ = hostile_run
    assert documents(mixed)["zz invalid utf8"]["status"] == "ok"
    clean = (mixed / "clean" / "zz invalid utf8.txt").read_text(encoding="utf-8")
    assert clean.count("Renault annonce un partenariat avec Verkor") >= 1


def test_html_page_keeps_its_text_not_its_markup(hostile_run) -> None:  # type: ignore[no-untyped-def]
    _, mixed, _, _ = hostile_run
    clean = (mixed / "clean" / "zz page.txt").read_text(encoding="utf-8")
    assert "Stellantis a annoncé jeudi" in clean
    assert "<" not in clean and "var a=1" not in clean


def test_seeds_get_exactly_the_rows_they_get_alone(hostile_run) -> None:  # type: ignore[no-untyped-def]
    alone, mixed, seed_ids, _ = hostile_run
    for table in PER_DOCUMENT_TABLES:
        assert rows_by_doc(mixed, table, seed_ids) == rows_by_doc(alone, table, seed_ids), table
    for doc_id in seed_ids:
        assert (mixed / "clean" / f"{doc_id}.txt").read_bytes() == (alone / "clean" / f"{doc_id}.txt").read_bytes()


def test_invalid_knowledge_base_exits_2_and_touches_nothing(project_config: Path, tmp_path: Path) -> None:
    output = tmp_path / "out"
    copy_seeds(tmp_path / "in")
    assert run_cli("extract", config=project_config).returncode == 0
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    bad_kb = tmp_path / "entities.yaml"
    bad_kb.write_text("entities:\n  - {id: org:x, name: X, type: COMPANY}\n", encoding="utf-8")
    text = project_config.read_text(encoding="utf-8")
    text = text.replace(f"{ROOT}/data/entities.yaml", str(bad_kb))
    project_config.write_text(text, encoding="utf-8")
    done = run_cli("extract", config=project_config)
    assert done.returncode == 2
    assert "entities.yaml" in done.stderr and "type" in done.stderr
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "broken",
    ["input: [\n", "nlp:\n  batch_size: many\n", "unknown_key: 1\n"],
    ids=["invalid-yaml", "wrong-type", "unknown-key"],
)
def test_bad_config_exits_2_and_touches_nothing(project_config: Path, tmp_path: Path, broken: str) -> None:
    output = tmp_path / "out"
    output.mkdir()
    (output / "documents.csv").write_text("previous\n", encoding="utf-8")
    project_config.write_text(project_config.read_text(encoding="utf-8") + "\n" + broken, encoding="utf-8")
    done = run_cli("extract", config=project_config)
    assert done.returncode == 2, done.stderr
    assert "config.yaml" in done.stderr
    assert sorted(p.name for p in output.iterdir()) == ["documents.csv"]
    assert (output / "documents.csv").read_text(encoding="utf-8") == "previous\n"


def _many_articles(folder: Path, count: int) -> None:
    """Distinct articles made of the seeds' sentences, so a run takes a while."""
    sentences = [s.strip() + "." for seed in SEEDS.glob("*.txt") for s in seed.read_text(encoding="utf-8").split(".") if len(s) > 60]
    rng = random.Random(3)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        picked = rng.sample(sentences, 6)
        (folder / f"art{i:03d}.txt").write_text("\n\n".join(picked), encoding="utf-8")


def test_sigterm_leaves_previous_tables_and_the_next_run_resumes(tmp_path: Path) -> None:
    articles, output, fresh = tmp_path / "in", tmp_path / "out", tmp_path / "fresh"
    _many_articles(articles, 4)
    assert run_cli("extract", "--input", str(articles), "--output", str(output)).returncode == 0
    before = {name: (output / name).read_bytes() for name in COLUMNS}
    _many_articles(articles, 60)

    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", "--input", str(articles), "--output", str(output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    cache = output / ".cache"

    def entries() -> int:
        return sum(1 for p in cache.glob("*.json") if p.name not in ("index.json", "tables.json"))

    deadline = time.time() + 300
    while time.time() < deadline and entries() < 14 and process.poll() is None:
        time.sleep(0.2)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert process.returncode != 0
    assert {name: (output / name).read_bytes() for name in COLUMNS} == before
    assert not list(output.glob(".staging-*"))

    resumed = run_cli("extract", "--input", str(articles), "--output", str(output))
    assert resumed.returncode == 0
    assert " 0 processed" not in resumed.stdout and "from cache" in resumed.stdout
    cached = int(resumed.stdout.split(" processed, ")[1].split(" from cache")[0])
    assert cached >= 14, resumed.stdout
    assert run_cli("extract", "--input", str(articles), "--output", str(fresh)).returncode == 0
    for name in COLUMNS:
        assert (output / name).read_bytes() == (fresh / name).read_bytes(), name


def test_corrupt_cache_entry_is_recomputed(tmp_path: Path) -> None:
    articles, output = tmp_path / "in", tmp_path / "out"
    _many_articles(articles, 3)
    assert run_cli("extract", "--input", str(articles), "--output", str(output)).returncode == 0
    before = (output / "mentions.csv").read_bytes()
    entries = sorted(p for p in (output / ".cache").glob("*.json") if p.name != "index.json")
    entries[0].write_text('{"key": "x", "result": {broken', encoding="utf-8")
    (output / ".cache" / "index.json").write_text("not json at all", encoding="utf-8")
    again = run_cli("extract", "--input", str(articles), "--output", str(output))
    assert again.returncode == 0
    assert "1 processed, 2 from cache" in again.stdout, again.stdout
    assert (output / "mentions.csv").read_bytes() == before


def test_a_second_concurrent_run_is_refused_clearly(tmp_path: Path) -> None:
    articles, output = tmp_path / "in", tmp_path / "out"
    _many_articles(articles, 1)
    output.mkdir()
    with open(output / ".lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        done = run_cli("extract", "--input", str(articles), "--output", str(output))
    assert done.returncode == 1
    assert "another extraction is already writing" in done.stderr
    assert not (output / "documents.csv").exists()
    assert run_cli("extract", "--input", str(articles), "--output", str(output)).returncode == 0


def test_leftovers_of_a_killed_run_are_cleaned(tmp_path: Path) -> None:
    articles, output = tmp_path / "in", tmp_path / "out"
    _many_articles(articles, 1)
    (output / ".staging-99999" / "clean").mkdir(parents=True)
    assert run_cli("extract", "--input", str(articles), "--output", str(output)).returncode == 0
    assert not list(output.glob(".staging-*"))


def test_cache_from_an_older_pipeline_version_is_recomputed(tmp_path: Path) -> None:
    articles, output = tmp_path / "in", tmp_path / "out"
    _many_articles(articles, 2)
    assert run_cli("extract", "--input", str(articles), "--output", str(output)).returncode == 0
    for entry in (output / ".cache").glob("*.json"):
        data = json.loads(entry.read_text(encoding="utf-8"))
        if "key" in data:  # an article entry, written by an older version: its key differs
            data["key"] = "written-by-0.0.1"
            entry.write_text(json.dumps(data), encoding="utf-8")
    (output / ".cache" / "index.json").unlink()
    again = run_cli("extract", "--input", str(articles), "--output", str(output))
    assert "2 processed, 0 from cache" in again.stdout, again.stdout
