"""Loading and validating `config.yaml`.

A bad configuration must stop the run before anything is written, with a
message that names the file, the key and what is wrong (exit status 2).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


# libyaml's loader is an order of magnitude faster on the knowledge base.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(Exception):
    """The configuration (or a file it points to) cannot be used."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class KnowledgeFiles(_Strict):
    entities: Path
    glossary: Path
    boilerplate: Path
    units: Path
    triggers: Path


class LanguageSettings(_Strict):
    expected: str = "fr"
    seed: int = 0
    min_probability: float = Field(0.6, ge=0.0, le=1.0)


class NlpSettings(_Strict):
    model: str = "fr_core_news_md"
    batch_size: int = Field(16, ge=1)
    max_chars: int = Field(100_000, ge=1000)


class DedupSettings(_Strict):
    near_duplicate_threshold: float = Field(0.8, gt=0.0, le=1.0)
    shingle_size: int = Field(3, ge=1, le=10)


class Config(_Strict):
    input: Path = Path("seeds")
    output: Path = Path("output")
    jobs: int = Field(1, ge=1, le=64)
    knowledge: KnowledgeFiles
    language: LanguageSettings = LanguageSettings()
    nlp: NlpSettings = NlpSettings()
    dedup: DedupSettings = DedupSettings()

    # Not read from the file: where it was loaded from and its fingerprint.
    source: Path = Path("config.yaml")
    digest: str = ""


def load_config(path: Path) -> Config:
    """Read, validate and resolve the configuration at `path`."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    for reserved in ("source", "digest"):
        if reserved in data:
            raise ConfigError(f"{path}: key '{reserved}': not a setting (unknown key)")
    try:
        config = Config(**data)
    except ValidationError as exc:
        raise ConfigError(_describe(path, exc)) from exc

    base = path.resolve().parent
    resolved = config.model_copy(
        update={
            "input": _resolve(base, config.input),
            "output": _resolve(base, config.output),
            "knowledge": KnowledgeFiles(
                **{
                    name: _resolve(base, value)
                    for name, value in config.knowledge.model_dump().items()
                }
            ),
            "source": path,
        }
    )
    for name, file in resolved.knowledge.model_dump().items():
        if not Path(file).is_file():
            raise ConfigError(f"{path}: key 'knowledge.{name}': file not found: {file}")
    return resolved.model_copy(update={"digest": config_digest(resolved)})


def config_digest(config: Config) -> str:
    """Hash of every setting that changes results, including the data files.

    Input/output folders and the number of jobs do not change what an
    article yields, so they are left out: moving the output folder or
    running with more workers must not invalidate the cache.
    """
    h = hashlib.sha256()
    settings = config.model_dump(
        mode="json", exclude={"input", "output", "jobs", "source", "digest", "knowledge"}
    )
    h.update(repr(sorted(settings.items())).encode())
    for name, file in sorted(config.knowledge.model_dump().items()):
        h.update(name.encode())
        h.update(Path(file).read_bytes())
    return h.hexdigest()


def with_overrides(config: Config, **overrides: Any) -> Config:
    """Apply command-line overrides (None means: keep the file's value)."""
    update = {key: value for key, value in overrides.items() if value is not None}
    return config.model_copy(update=update) if update else config


def _resolve(base: Path, value: Path) -> Path:
    value = Path(value)
    return value if value.is_absolute() else base / value


def _describe(path: Path, exc: ValidationError) -> str:
    lines = [f"{path}: invalid content"]
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            what = "unknown key"
        elif error["type"] == "missing":
            what = "required key is missing"
        else:
            what = error["msg"]
            if "input" in error:
                what += f" (got {error['input']!r})"
        lines.append(f"  key '{key}': {what}")
    return "\n".join(lines)


M = TypeVar("M", bound=BaseModel)


def load_data_file(path: Path, model: type[M]) -> M:
    """Read a YAML data file (knowledge base, glossary, patterns…) into `model`.

    Every data file is validated like the configuration, so a user who
    extends one gets the same kind of message: file, key, what is wrong.
    """
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: invalid YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    try:
        return model(**data)
    except ValidationError as exc:
        raise ConfigError(_describe(path, exc)) from exc
