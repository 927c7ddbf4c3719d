"""Who must approve a submitted partner, and what approval grants."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

BACK_OFFICE = "back_office"
TENANT_ADMIN = "tenant_admin"
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class ApprovalPolicy:
    """The tenant's approval settings; thresholds and percentages are data, defaults from the issue."""

    auto_approve: bool = False
    auto_approve_min_score: int = 70
    back_office_min_score: int = 40
    credit_bands: tuple[tuple[int, Decimal], ...] = ((70, Decimal("0.15")), (40, Decimal("0.10")))
    credit_floor_share: Decimal = Decimal("0.05")
    kyc_validity_years: int = 1


DEFAULT_POLICY = ApprovalPolicy()


@dataclass(frozen=True)
class Routing:
    """``auto_approve``: no human needed; otherwise ``required_role`` must approve."""

    auto_approve: bool
    required_role: str | None


@dataclass(frozen=True)
class ApprovalRequest:
    """What the application needs to enforce maker-checker with ``core.principal.ensure_not_maker``."""

    maker_id: uuid.UUID | None
    routing: Routing


def route(score: int, policy: ApprovalPolicy = DEFAULT_POLICY) -> Routing:
    if score >= policy.auto_approve_min_score and policy.auto_approve:
        return Routing(auto_approve=True, required_role=None)
    if score >= policy.back_office_min_score:
        return Routing(auto_approve=False, required_role=BACK_OFFICE)
    return Routing(auto_approve=False, required_role=TENANT_ADMIN)


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def kyc_expiry(approved_on: date, policy: ApprovalPolicy = DEFAULT_POLICY) -> date:
    return add_years(approved_on, policy.kyc_validity_years)


def credit_share(score: int | None, policy: ApprovalPolicy = DEFAULT_POLICY) -> Decimal:
    for threshold, share in sorted(policy.credit_bands, reverse=True):
        if score is not None and score >= threshold:
            return share
    return policy.credit_floor_share


def recommended_credit_limit(
    annual_turnover: Decimal | None, score: int | None, policy: ApprovalPolicy = DEFAULT_POLICY
) -> Decimal | None:
    """A share of annual turnover by score band, in the turnover's currency; ``None`` when unknown."""
    if annual_turnover is None:
        return None
    return (annual_turnover * credit_share(score, policy)).quantize(CENTS, rounding=ROUND_HALF_UP)
