"""The onboarding score: a rule table (data a tenant may override) and an explained evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from backend.modules.partners.domain.enums import EntityClass, LegalForm, RiskCategory

LAKH = Decimal(100_000)
CRORE = Decimal(10_000_000)


@dataclass(frozen=True)
class ScoreRules:
    """Points per fact. Bands are (threshold, points); the first band the fact reaches wins."""

    base: int = 50
    age_bands: tuple[tuple[int, int], ...] = ((60, 20), (24, 10))  # months in business
    young_months: int = 12  # younger than this...
    young_points: int = -15  # ...costs this
    legal_form_points: Mapping[LegalForm, int] = field(
        default_factory=lambda: MappingProxyType(
            {
                LegalForm.PRIVATE_LIMITED: 15,
                LegalForm.PUBLIC_LIMITED: 15,
                LegalForm.PARTNERSHIP: 5,
                LegalForm.PROPRIETORSHIP: -5,
            }
        )
    )
    turnover_bands: tuple[tuple[Decimal, int], ...] = ((1 * CRORE, 15), (50 * LAKH, 10), (10 * LAKH, 5))
    quality_lab_points: int = 10
    own_transport_points: int = 5
    category_bands: tuple[tuple[int, RiskCategory], ...] = (
        (70, RiskCategory.LOW),
        (40, RiskCategory.MEDIUM),
        (20, RiskCategory.HIGH),
    )
    lowest_category: RiskCategory = RiskCategory.CRITICAL

    def __post_init__(self) -> None:
        # a tenant's override may list bands in any order; the evaluation needs them descending
        object.__setattr__(self, "age_bands", tuple(sorted(self.age_bands, reverse=True)))
        object.__setattr__(self, "turnover_bands", tuple(sorted(self.turnover_bands, reverse=True)))
        object.__setattr__(self, "category_bands", tuple(sorted(self.category_bands, key=lambda b: -b[0])))

    def category(self, score: int) -> RiskCategory:
        for threshold, category in self.category_bands:
            if score >= threshold:
                return category
        return self.lowest_category


DEFAULT_RULES = ScoreRules()


@dataclass(frozen=True)
class ScoreFacts:
    """What the score looks at, taken from the partner at submission."""

    entity_class: EntityClass
    legal_form: LegalForm
    registration_date: date | None
    annual_turnover: Decimal | None  # in rupees
    has_quality_lab: bool = False
    has_own_transport: bool = False


@dataclass(frozen=True)
class Contribution:
    rule: str
    points: int
    explanation: str


@dataclass(frozen=True)
class OnboardingScore:
    score: int
    category: RiskCategory
    contributions: tuple[Contribution, ...]


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (negative if ``end`` is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def _rupees(amount: Decimal) -> str:
    if amount >= CRORE:
        return f"{(amount / CRORE).normalize():f} crore"
    return f"{(amount / LAKH).normalize():f} lakh"


def _age(facts: ScoreFacts, rules: ScoreRules, as_of: date) -> Contribution:
    if facts.registration_date is None:
        return Contribution("business_age", 0, "registration date unknown")
    months = months_between(facts.registration_date, as_of)
    for threshold, points in rules.age_bands:
        if months >= threshold:
            return Contribution("business_age", points, f"{months} months in business (>= {threshold})")
    if months < rules.young_months:
        return Contribution("business_age", rules.young_points, f"{months} months in business (< {rules.young_months})")
    return Contribution("business_age", 0, f"{months} months in business")


def _turnover(facts: ScoreFacts, rules: ScoreRules) -> Contribution:
    if facts.annual_turnover is None:
        return Contribution("annual_turnover", 0, "annual turnover unknown")
    if not rules.turnover_bands:  # a tenant's table without turnover bands
        return Contribution("annual_turnover", 0, "turnover does not count")
    for threshold, points in rules.turnover_bands:
        if facts.annual_turnover >= threshold:
            return Contribution("annual_turnover", points, f"turnover at least {_rupees(threshold)}")
    return Contribution("annual_turnover", 0, f"turnover below {_rupees(rules.turnover_bands[-1][0])}")


def score_partner(facts: ScoreFacts, as_of: date, rules: ScoreRules = DEFAULT_RULES) -> OnboardingScore:
    """Start at the base, add each rule's points, clamp to 0..100 and categorise."""
    contributions = [
        Contribution("base", rules.base, "starting score"),
        _age(facts, rules, as_of),
        Contribution(
            "legal_form", rules.legal_form_points.get(facts.legal_form, 0), f"legal form {facts.legal_form.value}"
        ),
        _turnover(facts, rules),
    ]
    if facts.entity_class is EntityClass.BUSINESS_ENTITY:
        if facts.has_quality_lab:
            contributions.append(Contribution("quality_lab", rules.quality_lab_points, "in-house quality lab"))
        if facts.has_own_transport:
            contributions.append(Contribution("own_transport", rules.own_transport_points, "own transport"))
    raw = sum(c.points for c in contributions)
    score = max(0, min(100, raw))
    if score != raw:
        contributions.append(Contribution("clamp", score - raw, f"raw score {raw} clamped to 0..100"))
    return OnboardingScore(score, rules.category(score), tuple(contributions))
