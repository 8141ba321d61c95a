"""The run's process settings (the runs themselves are tested end to end)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pipeline.run import COLLECTOR_THRESHOLD, _collect_cycles_less_often


@pytest.fixture
def thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_the_cycle_collector_runs_less_often_and_keeps_its_older_generations(thresholds: None) -> None:
    gc.set_threshold(700, 10, 10)
    _collect_cycles_less_often()
    assert gc.get_threshold() == (COLLECTOR_THRESHOLD, 10, 10)
    gc.set_threshold(COLLECTOR_THRESHOLD * 2, 5, 5)  # a user's higher setting stays
    _collect_cycles_less_often()
    assert gc.get_threshold() == (COLLECTOR_THRESHOLD * 2, 5, 5)
