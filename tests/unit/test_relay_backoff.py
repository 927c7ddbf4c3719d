"""The relay waits 1 s, 2 s, 4 s ... between tries of a failing event, never more than ten minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backend.core.messaging.relay import MAX_BACKOFF, backoff


@pytest.mark.parametrize(
    ("attempts", "seconds"),
    [(0, 1), (1, 1), (2, 2), (3, 4), (4, 8), (8, 128), (10, 512)],
)
def test_backoff_doubles_with_each_attempt(attempts: int, seconds: int) -> None:
    assert backoff(attempts) == timedelta(seconds=seconds)


@pytest.mark.parametrize("attempts", [11, 12, 47, 48, 1000])
def test_backoff_is_capped_at_ten_minutes(attempts: int) -> None:
    # Settings allow relay_max_attempts up to 1000, so the relay asks for any of these
    assert backoff(attempts) == MAX_BACKOFF == timedelta(minutes=10)


def test_backoff_never_shrinks() -> None:
    delays = [backoff(attempts) for attempts in range(1, 40)]
    assert delays == sorted(delays)
