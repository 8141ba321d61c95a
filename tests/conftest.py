"""Shared fixtures: the project's paths and a configuration pointing at temp folders."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline.knowledge import KnowledgeBase, load_knowledge_base
from pipeline.models import CleanDocument
from pipeline.nlp import build_nlp

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


@lru_cache(maxsize=1)
def shared_kb() -> KnowledgeBase:
    return load_knowledge_base(ROOT / "data" / "entities.yaml")


@lru_cache(maxsize=1)
def shared_nlp() -> Language:
    """The pipeline's spaCy model with the knowledge-base rules, built once for the whole test run."""
    return build_nlp("fr_core_news_md", shared_kb())


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return shared_kb()


@pytest.fixture(scope="session")
def nlp() -> Language:
    return shared_nlp()


def clean_document(doc_id: str, text: str) -> CleanDocument:
    """A clean text as cleaning would give it: paragraphs separated by blank lines."""
    spans, start = [], 0
    for part in text.split("\n\n"):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    return CleanDocument(doc_id, text, list(range(len(spans))), spans)
