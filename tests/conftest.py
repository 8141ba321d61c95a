"""Shared fixtures: the project's paths and a configuration pointing at temp folders."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CONFIG = ROOT / "config.yaml"


@pytest.fixture
def project_config(tmp_path: Path) -> Path:
    """A copy of config.yaml whose data paths point back at the project's data/."""
    text = CONFIG.read_text(encoding="utf-8").replace("data/", f"{ROOT}/data/")
    text = text.replace("input: seeds", f"input: {tmp_path / 'in'}").replace(
        "output: output", f"output: {tmp_path / 'out'}"
    )
    (tmp_path / "in").mkdir()
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def copy_seeds(target: Path) -> list[str]:
    target.mkdir(parents=True, exist_ok=True)
    names = []
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, target / seed.name)
        names.append(seed.stem)
    return names
