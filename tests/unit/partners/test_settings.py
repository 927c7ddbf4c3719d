"""The partners' runtime configuration keys and their parsing into the domain's rule tables."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from jsonschema.exceptions import ValidationError

from backend.contracts.platform.config import declared_key, validator
from backend.modules.partners.application.settings import (
    APPROVAL_POLICY,
    SCORE_RULES,
    SUSPEND_ON_KYC_EXPIRY,
    ConfiguredPartnerSettings,
    approval_policy,
    score_rules,
)
from backend.modules.partners.domain.approval import DEFAULT_POLICY, recommended_credit_limit, route
from backend.modules.partners.domain.enums import EntityClass, LegalForm, RiskCategory
from backend.modules.partners.domain.scoring import DEFAULT_RULES, ScoreFacts, score_partner

TENANT = uuid.UUID(int=7)


class Reader:
    """A ``ConfigReader`` answering from a dict (the declared default when unset)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values
        self.asked: list[tuple[str, uuid.UUID | None]] = []

    async def value(self, key: str, *, tenant_id: uuid.UUID | None = None, branch_id: uuid.UUID | None = None) -> Any:
        self.asked.append((key, tenant_id))
        declared = declared_key(key)
        assert declared is not None
        return self.values.get(key, declared.default)

    async def flag(self, name: str, *, tenant_id: uuid.UUID | None = None) -> bool:
        return False


def test_the_keys_are_declared_for_platform_and_tenant() -> None:
    for key in (SCORE_RULES, APPROVAL_POLICY, SUSPEND_ON_KYC_EXPIRY):
        assert declared_key(key.key) == key
        assert key.scopes == ("platform", "tenant")
    assert (SCORE_RULES.default, APPROVAL_POLICY.default, SUSPEND_ON_KYC_EXPIRY.default) == ({}, {}, False)


async def test_unset_keys_give_the_defaults() -> None:
    reader = Reader({})
    settings = await ConfiguredPartnerSettings(reader).for_tenant(TENANT)
    assert (settings.score_rules, settings.approval_policy, settings.suspend_on_kyc_expiry) == (
        DEFAULT_RULES,
        DEFAULT_POLICY,
        False,
    )
    assert {tenant for _, tenant in reader.asked} == {TENANT}


def test_score_overrides_replace_bands_and_merge_legal_forms() -> None:
    rules = score_rules(
        {
            "base": 40,
            "age_bands": [{"min_months": 12, "points": 5}, {"min_months": 36, "points": 25}],
            "legal_form_points": {"llp": 12, "proprietorship": 0},
            "turnover_bands": [{"min_turnover": "2500000.50", "points": 8}],
            "category_bands": [{"min_score": 60, "category": "low"}, {"min_score": 30, "category": "medium"}],
            "quality_lab_points": 0,
        }
    )
    assert rules.base == 40
    assert rules.age_bands == ((36, 25), (12, 5))  # sorted for evaluation
    assert rules.legal_form_points[LegalForm.LLP] == 12
    assert rules.legal_form_points[LegalForm.PROPRIETORSHIP] == 0
    assert rules.legal_form_points[LegalForm.PRIVATE_LIMITED] == 15  # untouched default
    assert rules.turnover_bands == ((Decimal("2500000.50"), 8),)
    assert rules.category(30) is RiskCategory.MEDIUM
    assert rules.category(29) is RiskCategory.CRITICAL
    assert (rules.own_transport_points, rules.young_points) == (5, -15)


def test_a_score_override_changes_the_score() -> None:
    facts = ScoreFacts(EntityClass.BUSINESS_ENTITY, LegalForm.LLP, date(2020, 1, 1), Decimal(3_000_000))
    today = date(2026, 6, 15)
    assert score_partner(facts, today).score == 50 + 20 + 0 + 5
    tuned = score_rules(
        {"legal_form_points": {"llp": 10}, "turnover_bands": [{"min_turnover": "3000000", "points": 12}]}
    )
    assert score_partner(facts, today, tuned).score == 50 + 20 + 10 + 12


def test_approval_overrides() -> None:
    policy = approval_policy(
        {
            "auto_approve": True,
            "auto_approve_min_score": 80,
            "back_office_min_score": 50,
            "credit_bands": [{"min_score": 80, "share": "0.2"}],
            "credit_floor_share": "0.02",
            "kyc_validity_years": 2,
        }
    )
    assert (route(85, policy).auto_approve, route(79, policy).required_role, route(49, policy).required_role) == (
        True,
        "back_office",
        "tenant_admin",
    )
    assert recommended_credit_limit(Decimal(1_000_000), 85, policy) == Decimal("200000.00")
    assert recommended_credit_limit(Decimal(1_000_000), 60, policy) == Decimal("20000.00")
    assert policy.kyc_validity_years == 2


async def test_the_reader_builds_every_setting() -> None:
    reader = Reader(
        {
            SCORE_RULES.key: {"base": 10},
            APPROVAL_POLICY.key: {"auto_approve": True},
            SUSPEND_ON_KYC_EXPIRY.key: True,
        }
    )
    settings = await ConfiguredPartnerSettings(reader).for_tenant(TENANT)
    assert (settings.score_rules.base, settings.approval_policy.auto_approve, settings.suspend_on_kyc_expiry) == (
        10,
        True,
        True,
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (SCORE_RULES, {"base": 50.5}),
        (SCORE_RULES, {"turnover_bands": [{"min_turnover": 1000000, "points": 5}]}),  # a number, not a string
        (SCORE_RULES, {"turnover_bands": []}),
        (SCORE_RULES, {"legal_form_points": {"cooperative": 5}}),
        (SCORE_RULES, {"category_bands": [{"min_score": 10, "category": "critical"}]}),
        (SCORE_RULES, {"bonus": 5}),
        (APPROVAL_POLICY, {"credit_bands": [{"min_score": 70, "share": "1.5"}]}),
        (APPROVAL_POLICY, {"credit_floor_share": 0.05}),
        (APPROVAL_POLICY, {"kyc_validity_years": 0}),
        (SUSPEND_ON_KYC_EXPIRY, "yes"),
    ],
)
def test_the_schemas_refuse_what_parsing_could_not_take(key: Any, value: Any) -> None:
    with pytest.raises(ValidationError):
        validator(key.schema).validate(value)
