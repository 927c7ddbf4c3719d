"""Feature flag targeting: kill switch, deny and allow lists, and a percentage rollout that is stable
(the same answer everywhere, always), monotone (raising the percentage never turns a tenant off)
and fair (about the stated share of tenants)."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.modules.platform.domain.flags import FlagRule, bucket

FLAG = "feature.trading"
tenants = st.uuids()
percentages = st.integers(min_value=0, max_value=100)


@given(tenants, st.text(min_size=1, max_size=40))
def test_the_bucket_is_a_stable_number_below_100(tenant: uuid.UUID, flag: str) -> None:
    first = bucket(flag, tenant)
    assert 0 <= first < 100
    assert bucket(flag, uuid.UUID(str(tenant))) == first


def test_the_bucket_is_pinned_across_releases() -> None:
    # sha256 of "<flag>:<tenant id>": a changed hash would move tenants in or out of every rollout
    assert [bucket("feature.x", uuid.UUID(int=n)) for n in range(8)] == [60, 20, 34, 83, 45, 40, 17, 19]


@given(tenants, percentages, percentages)
def test_raising_the_percentage_never_turns_a_tenant_off(tenant: uuid.UUID, low: int, high: int) -> None:
    low, high = min(low, high), max(low, high)
    if FlagRule(enabled=True, percentage=low).is_on(FLAG, tenant):
        assert FlagRule(enabled=True, percentage=high).is_on(FLAG, tenant)


@given(tenants)
def test_zero_is_nobody_and_a_hundred_is_everybody(tenant: uuid.UUID) -> None:
    assert not FlagRule(enabled=True, percentage=0).is_on(FLAG, tenant)
    assert FlagRule(enabled=True, percentage=100).is_on(FLAG, tenant)


@given(tenants, percentages)
def test_disabled_is_off_for_everyone_even_allowed_tenants(tenant: uuid.UUID, percentage: int) -> None:
    rule = FlagRule(enabled=False, allow_tenants=frozenset({tenant}), percentage=percentage)
    assert not rule.is_on(FLAG, tenant)


@given(tenants, percentages)
def test_deny_beats_allow_beats_percentage(tenant: uuid.UUID, percentage: int) -> None:
    assert FlagRule(enabled=True, allow_tenants=frozenset({tenant}), percentage=0).is_on(FLAG, tenant)
    both = frozenset({tenant})
    assert not FlagRule(enabled=True, allow_tenants=both, deny_tenants=both, percentage=100).is_on(FLAG, tenant)
    assert not FlagRule(enabled=True, deny_tenants=both, percentage=percentage).is_on(FLAG, tenant)


@pytest.mark.parametrize("percentage", [10, 25, 50, 90])
def test_the_rollout_reaches_about_the_stated_share(percentage: int) -> None:
    population = [uuid.UUID(int=n * 7919 + 1) for n in range(4000)]
    on = sum(FlagRule(enabled=True, percentage=percentage).is_on(FLAG, t) for t in population)
    assert abs(on / len(population) - percentage / 100) < 0.03


def test_rollouts_of_different_flags_are_independent() -> None:
    population = [uuid.UUID(int=n) for n in range(2000)]
    first = {t for t in population if FlagRule(enabled=True, percentage=50).is_on("feature.a", t)}
    second = {t for t in population if FlagRule(enabled=True, percentage=50).is_on("feature.b", t)}
    overlap = len(first & second) / len(population)
    assert 0.2 < overlap < 0.3  # about a quarter, as for independent halves


def test_outside_a_tenant_only_a_full_rollout_is_on() -> None:
    assert FlagRule(enabled=True).is_on(FLAG, None)
    assert not FlagRule(enabled=True, percentage=99).is_on(FLAG, None)
    assert not FlagRule(enabled=False).is_on(FLAG, None)


def test_a_rule_reads_the_flag_value() -> None:
    tenant = uuid.uuid4()
    rule = FlagRule.from_value({"enabled": True, "allow_tenants": [str(tenant)], "percentage": 0})
    assert rule == FlagRule(enabled=True, allow_tenants=frozenset({tenant}), percentage=0)
    assert FlagRule.from_value({"enabled": False}) == FlagRule(enabled=False)
