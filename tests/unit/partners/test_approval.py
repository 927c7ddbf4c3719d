"""Approval routing by score, KYC expiry and the recommended credit limit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from backend.modules.partners.domain.approval import (
    BACK_OFFICE,
    TENANT_ADMIN,
    ApprovalPolicy,
    add_years,
    kyc_expiry,
    recommended_credit_limit,
    route,
)

AUTO = ApprovalPolicy(auto_approve=True)


@pytest.mark.parametrize(
    ("score", "policy", "auto", "role"),
    [
        (100, AUTO, True, None),
        (70, AUTO, True, None),
        (70, ApprovalPolicy(), False, BACK_OFFICE),  # auto-approval is off by default
        (69, AUTO, False, BACK_OFFICE),
        (40, AUTO, False, BACK_OFFICE),
        (39, AUTO, False, TENANT_ADMIN),
        (0, ApprovalPolicy(), False, TENANT_ADMIN),
    ],
)
def test_routing_by_score(score: int, policy: ApprovalPolicy, auto: bool, role: str | None) -> None:
    routing = route(score, policy)
    assert (routing.auto_approve, routing.required_role) == (auto, role)


@pytest.mark.parametrize(
    ("score", "limit"),
    [(100, "150000.00"), (70, "150000.00"), (69, "100000.00"), (40, "100000.00"), (39, "50000.00"), (0, "50000.00")],
)
def test_credit_limit_share_by_score_band(score: int, limit: str) -> None:
    assert recommended_credit_limit(Decimal(1_000_000), score) == Decimal(limit)


def test_no_credit_limit_without_turnover() -> None:
    assert recommended_credit_limit(None, 90) is None


def test_credit_limit_is_rounded_to_paise() -> None:
    assert recommended_credit_limit(Decimal("1234.57"), 75) == Decimal("185.19")


def test_kyc_expires_one_year_later() -> None:
    assert kyc_expiry(date(2026, 6, 15)) == date(2027, 6, 15)
    assert kyc_expiry(date(2028, 2, 29)) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)
