"""The thresholds the matching search tries, and where a rematch starts: the search is exact from any
start (``tests/integration/trading/test_matching_equivalence.py``); the start only saves statements."""

from __future__ import annotations

from decimal import Decimal as D

from backend.modules.trading.application.match_search import threshold_hint, thresholds
from backend.modules.trading.domain.scoring import DEFAULT_CONFIG


def test_a_first_run_steps_down_from_the_top_to_the_minimum_score() -> None:
    assert thresholds(DEFAULT_CONFIG) == [D("0.90"), D("0.80"), D("0.60")]


def test_a_hint_replaces_the_steps_above_it_and_keeps_those_below() -> None:
    assert thresholds(DEFAULT_CONFIG, D("0.96")) == [D("0.96"), D("0.90"), D("0.80"), D("0.60")]
    assert thresholds(DEFAULT_CONFIG, D("0.93")) == [D("0.93"), D("0.90"), D("0.80"), D("0.60")]
    assert thresholds(DEFAULT_CONFIG, D("0.85")) == [D("0.85"), D("0.80"), D("0.60")]
    assert thresholds(DEFAULT_CONFIG, D("0.55")) == [D("0.60")]  # never below the minimum score


def test_a_rematch_starts_a_little_below_the_last_runs_cut_off() -> None:
    kept = [D("0.9812"), D("0.9577"), D("0.9671"), D("0.9544")]
    assert threshold_hint(kept, 4) == D("0.93")  # the 4th best 0.9544, less 0.02, down to 0.01
    assert threshold_hint(kept, 2) == D("0.94")  # 0.9671 less 0.02
    assert threshold_hint(kept, 5) is None  # the last run kept fewer than the top: start from the top
    assert threshold_hint([], 10) is None
