"""config.yaml is validated on load: a bad file names the file, the key and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_config, with_overrides
from tests.conftest import ROOT


def test_project_config_loads_and_resolves_paths() -> None:
    config = load_config(ROOT / "config.yaml")
    assert config.input == ROOT / "seeds"
    assert config.knowledge.entities == ROOT / "data" / "entities.yaml"
    assert len(config.digest) == 64


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_key_is_named(project_config: Path) -> None:
    path = _write(project_config.parent, project_config.read_text() + "\nbatchsize: 3\n")
    with pytest.raises(ConfigError, match=r"(?s)config.yaml.*batchsize.*unknown key"):
        load_config(path)


def test_wrong_type_is_named(project_config: Path) -> None:
    text = project_config.read_text().replace("jobs: 1", "jobs: many")
    with pytest.raises(ConfigError, match=r"key 'jobs'"):
        load_config(_write(project_config.parent, text))


def test_nested_wrong_value_is_named(project_config: Path) -> None:
    text = project_config.read_text().replace("batch_size: 16", "batch_size: 0")
    with pytest.raises(ConfigError, match=r"key 'nlp.batch_size'"):
        load_config(_write(project_config.parent, text))


def test_invalid_yaml(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid YAML"):
        load_config(_write(tmp_path, "input: [unclosed\n"))


def test_missing_knowledge_file_is_named(project_config: Path) -> None:
    text = project_config.read_text().replace("glossary.yaml", "no-such-glossary.yaml")
    with pytest.raises(ConfigError, match=r"knowledge.glossary.*not found"):
        load_config(_write(project_config.parent, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_digest_follows_data_files_not_folders(project_config: Path, tmp_path: Path) -> None:
    config = load_config(project_config)
    moved = with_overrides(config, output=tmp_path / "elsewhere", jobs=2)
    from pipeline.config import config_digest

    assert config_digest(moved) == config.digest
    text = project_config.read_text().replace("seed: 0", "seed: 1")
    assert load_config(_write(project_config.parent, text)).digest != config.digest
