"""The benchmark's corpus and its choice of runs (the measured commands are faked)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import bench
from pipeline.config import load_config

ROOT = Path(__file__).resolve().parent.parent


def test_corpus_articles_are_distinct(tmp_path: Path) -> None:
    bench.build_corpus(tmp_path, 20)
    texts = [p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("*.txt"))]
    assert len(texts) == 20
    assert len(set(texts)) == 20
    assert all(text.count("\n\n") >= 3 for text in texts)  # a title and paragraphs


@pytest.fixture
def fake_measure(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Each command takes 'seconds' by its kind; the bare run logs a token count."""
    commands: list[list[str]] = []

    def measure(command: list[str], log: Path) -> dict[str, float]:
        commands.append(command)
        if "extract" not in command:
            log.write_text(json.dumps({"tokens": 1000}) + "\n")
            return {"returncode": 0, "seconds": 10.0, "peak_mb": 500.0}
        jobs = command[command.index("--jobs") + 1]
        cached = (Path(command[command.index("--output") + 1])).exists()
        seconds = 0.1 if cached else (12.0 if jobs == "1" else 7.0)
        Path(command[command.index("--output") + 1]).mkdir(parents=True, exist_ok=True)
        return {"returncode": 0, "seconds": seconds, "peak_mb": 600.0}

    monkeypatch.setattr(bench, "_measure", measure)
    return commands


def test_all_runs_and_ratios(tmp_path: Path, fake_measure: list[list[str]]) -> None:
    config = load_config(ROOT / "config.yaml")
    assert bench.run_bench(config, 5, tmp_path / "bench.json") == 0
    report = json.loads((tmp_path / "bench.json").read_text())
    assert sorted(report["runs"]) == ["a_bare_spacy", "b_cold_jobs1", "c_unchanged", "d_one_added", "e_cold_jobs2"]
    assert report["ratios"]["b_over_a"] == pytest.approx(1.2)
    assert report["ratios"]["b_over_e"] == pytest.approx(12 / 7)
    assert report["tokens"] == 1000
    assert "(b)/(a) = 1.200" in bench.format_report(report)


def test_chosen_runs_only(tmp_path: Path, fake_measure: list[list[str]]) -> None:
    """'--runs c' needs the cold run first; no ratio without both of its runs."""
    config = load_config(ROOT / "config.yaml")
    bench.run_bench(config, 5, tmp_path / "bench.json", runs="c")
    report = json.loads((tmp_path / "bench.json").read_text())
    assert sorted(report["runs"]) == ["b_cold_jobs1", "c_unchanged"]
    assert list(report["ratios"]) == ["c_over_b"]
    extracts = [c for c in fake_measure if "extract" in c]
    assert len(extracts) == 2  # (b) then (c); the bare run only counted tokens
    text = bench.format_report(report)
    assert "(a)" not in text and "(c)/(b)" in text


def test_unknown_run_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    with pytest.raises(SystemExit):
        main(["bench", "--runs", "bz"])
    assert "runs are letters among abcde" in capsys.readouterr().err


def test_repeat_keeps_each_runs_fastest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cold runs are measured in turn (a b e a b e), each from an empty output
    folder; the report keeps the fastest of each and lists every time."""
    order: list[str] = []
    bare_times = iter([12.0, 10.0])
    cold_times = {"1": iter([13.0, 14.0]), "2": iter([8.0, 7.0])}

    def measure(command: list[str], log: Path) -> dict[str, float]:
        if "extract" not in command:
            log.write_text(json.dumps({"tokens": 1000}) + "\n")
            order.append("a")
            return {"returncode": 0, "seconds": next(bare_times), "peak_mb": 500.0}
        output = Path(command[command.index("--output") + 1])
        jobs = command[command.index("--jobs") + 1]
        cold = not output.exists()
        output.mkdir(parents=True, exist_ok=True)
        order.append(("b" if jobs == "1" else "e") if cold else "warm")
        seconds = next(cold_times[jobs]) if cold else 0.1
        return {"returncode": 0, "seconds": seconds, "peak_mb": 600.0}

    monkeypatch.setattr(bench, "_measure", measure)
    config = load_config(ROOT / "config.yaml")
    bench.run_bench(config, 5, tmp_path / "bench.json", runs="abce", repeat=2)
    report = json.loads((tmp_path / "bench.json").read_text())
    assert order == ["a", "b", "e", "a", "b", "e", "warm"]
    assert report["repeat"] == 2
    assert report["runs"]["a_bare_spacy"]["seconds"] == 10.0
    assert report["runs"]["b_cold_jobs1"]["all_seconds"] == [13.0, 14.0]
    assert report["ratios"]["b_over_a"] == pytest.approx(1.3)
    assert report["ratios"]["b_over_e"] == pytest.approx(13 / 7)


@pytest.mark.parametrize("argv", [["bench", "--repeat", "0"], ["bench", "--size", "-3"], ["bench", "--repeat", "x"]])
def test_bench_numbers_must_be_positive(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    with pytest.raises(SystemExit):
        main(argv)
    assert "expected a whole number of at least 1" in capsys.readouterr().err
