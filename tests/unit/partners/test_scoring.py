"""The onboarding score: each rule at its thresholds, the clamp, categories, tenant overrides."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.modules.partners.domain.enums import EntityClass, LegalForm, RiskCategory
from backend.modules.partners.domain.scoring import (
    DEFAULT_RULES,
    ScoreFacts,
    ScoreRules,
    months_between,
    score_partner,
)

AS_OF = date(2026, 6, 15)
NEUTRAL = ScoreFacts(EntityClass.BUSINESS_ENTITY, LegalForm.LLP, None, None)


def points(facts: ScoreFacts, rule: str, rules: ScoreRules = DEFAULT_RULES) -> int:
    return sum(c.points for c in score_partner(facts, AS_OF, rules).contributions if c.rule == rule)


def test_a_neutral_partner_scores_the_base_of_50() -> None:
    result = score_partner(NEUTRAL, AS_OF)
    assert (result.score, result.category) == (50, RiskCategory.MEDIUM)
    assert [c.rule for c in result.contributions] == ["base", "business_age", "legal_form", "annual_turnover"]


@pytest.mark.parametrize(
    ("registered", "expected"),
    [
        (date(2021, 6, 15), 20),  # exactly 60 months
        (date(2021, 6, 16), 10),  # 59 months
        (date(2024, 6, 15), 10),  # exactly 24 months
        (date(2024, 6, 16), 0),  # 23 months
        (date(2025, 6, 15), 0),  # exactly 12 months
        (date(2025, 6, 16), -15),  # 11 months
        (date(2026, 6, 1), -15),
    ],
)
def test_business_age_thresholds(registered: date, expected: int) -> None:
    assert points(replace(NEUTRAL, registration_date=registered), "business_age") == expected


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (LegalForm.PRIVATE_LIMITED, 15),
        (LegalForm.PUBLIC_LIMITED, 15),
        (LegalForm.PARTNERSHIP, 5),
        (LegalForm.PROPRIETORSHIP, -5),
        (LegalForm.LLP, 0),
        (LegalForm.FOREIGN_ENTITY, 0),
    ],
)
def test_legal_form_points(form: LegalForm, expected: int) -> None:
    assert points(replace(NEUTRAL, legal_form=form), "legal_form") == expected


@pytest.mark.parametrize(
    ("turnover", "expected"),
    [
        ("10000000", 15),  # 1 crore
        ("9999999.99", 10),
        ("5000000", 10),  # 50 lakh
        ("4999999", 5),
        ("1000000", 5),  # 10 lakh
        ("999999", 0),
        ("0", 0),
    ],
)
def test_turnover_thresholds_in_crore_and_lakh(turnover: str, expected: int) -> None:
    assert points(replace(NEUTRAL, annual_turnover=Decimal(turnover)), "annual_turnover") == expected


def test_lab_and_transport_count_only_for_business_entities() -> None:
    equipped = replace(NEUTRAL, has_quality_lab=True, has_own_transport=True)
    assert score_partner(equipped, AS_OF).score == 65
    provider = replace(equipped, entity_class=EntityClass.SERVICE_PROVIDER)
    assert score_partner(provider, AS_OF).score == 50


def test_the_best_partner_is_clamped_to_100_and_explained() -> None:
    best = ScoreFacts(
        EntityClass.BUSINESS_ENTITY, LegalForm.PRIVATE_LIMITED, date(2000, 1, 1), Decimal("1e9"), True, True
    )
    result = score_partner(best, AS_OF)
    assert result.score == 100
    assert result.contributions[-1].rule == "clamp"
    assert result.contributions[-1].points == -15  # 50+20+15+15+10+5 = 115
    assert "crore" in next(c.explanation for c in result.contributions if c.rule == "annual_turnover")


def test_the_worst_partner_is_critical() -> None:
    rules = replace(DEFAULT_RULES, base=0)
    worst = ScoreFacts(EntityClass.BUSINESS_ENTITY, LegalForm.PROPRIETORSHIP, date(2026, 1, 1), Decimal(0))
    result = score_partner(worst, AS_OF, rules)
    assert (result.score, result.category) == (0, RiskCategory.CRITICAL)


@pytest.mark.parametrize(
    ("score", "category"),
    [(100, "low"), (70, "low"), (69, "medium"), (40, "medium"), (39, "high"), (20, "high"), (19, "critical")],
)
def test_categories(score: int, category: str) -> None:
    assert DEFAULT_RULES.category(score).value == category


def test_a_tenant_can_override_the_table_in_any_order() -> None:
    rules = ScoreRules(base=40, turnover_bands=((Decimal(1), 1), (Decimal(100), 30)), quality_lab_points=0)
    facts = replace(NEUTRAL, annual_turnover=Decimal(500), has_quality_lab=True)
    assert score_partner(facts, AS_OF, rules).score == 70


def test_months_between() -> None:
    assert months_between(date(2024, 1, 31), date(2024, 2, 29)) == 0
    assert months_between(date(2024, 1, 31), date(2024, 3, 1)) == 1
    assert months_between(date(2026, 7, 1), date(2026, 6, 15)) == -1


@given(
    legal_form=st.sampled_from(LegalForm),
    entity_class=st.sampled_from(EntityClass),
    registered=st.none() | st.dates(date(1900, 1, 1), AS_OF),
    turnover=st.none() | st.decimals(min_value=0, max_value=Decimal("1e15"), places=2),
    lab=st.booleans(),
    transport=st.booleans(),
    base=st.integers(-200, 300),
)
def test_score_is_always_within_0_and_100(
    legal_form: LegalForm,
    entity_class: EntityClass,
    registered: date | None,
    turnover: Decimal | None,
    lab: bool,
    transport: bool,
    base: int,
) -> None:
    facts = ScoreFacts(entity_class, legal_form, registered, turnover, lab, transport)
    result = score_partner(facts, AS_OF, replace(DEFAULT_RULES, base=base))
    assert 0 <= result.score <= 100
    assert sum(c.points for c in result.contributions) == result.score
    assert result.category is DEFAULT_RULES.category(result.score)
