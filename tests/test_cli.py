"""The command line: exit statuses and messages users rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.cli import EXIT_USAGE, main


def test_bad_config_exits_2_naming_the_key(project_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project_config.write_text(project_config.read_text() + "\nfoo: 1\n", encoding="utf-8")
    assert main(["extract", "--config", str(project_config)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "config.yaml" in err and "'foo'" in err and "unknown key" in err


def test_missing_input_folder_exits_2(project_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--config", str(project_config), "--input", str(tmp_path / "nope")]) == EXIT_USAGE
    assert "--input" in capsys.readouterr().err


def test_unknown_command_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["explode"])
    assert exc.value.code == EXIT_USAGE


def test_bad_jobs_exits_2(project_config: Path) -> None:
    assert main(["extract", "--config", str(project_config), "--jobs", "0"]) == EXIT_USAGE


def test_eval_without_output_exits_2(project_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "--config", str(project_config)]) == EXIT_USAGE
    assert "make extract" in capsys.readouterr().err


def test_empty_input_folder_gives_empty_tables(project_config: Path, tmp_path: Path) -> None:
    assert main(["extract", "--config", str(project_config)]) == 0
    assert (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8").count("\n") == 1
