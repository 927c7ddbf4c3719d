"""The explainable match score: weighted quality, price, delivery and risk components.

Every component is a number in [0, 1] rounded half up to four places, and the total is computed
from the rounded components, so the figures shown to a user add up.

- quality: the mean over the buyer's parameters. A value inside the buyer's range scores 1.0 less up
  to 0.5 by its distance from the preferred value, measured in half-widths of the range (a distance
  of one half-width or more costs the full 0.5). A one-sided range uses the distance from the
  preferred value to its one bound as the half-width. Outside the range, or not stated: 0. A graded
  parameter scores 1.0 at the preferred grade (or any accepted grade without a preference), 0.5 at
  another accepted grade, 0 otherwise. No quality requirements: 1.0.
- price: 1.0 at or below the target (the preferred price, else 90% of the maximum: paying less is
  never worse for the buyer), then by how far above the target: within 2% 0.95, 5% 0.85, 10% 0.70,
  beyond 0.60 (the hard filter already refused anything above the maximum).
- delivery: 1.0 at 0 km falling linearly to 0.5 at the requirement's maximum distance.
- risk: pass 1.0; warn 0.5 and the total loses 10%. A failed verdict never reaches scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from backend.core.decimal_math import plain_text
from backend.core.errors import FieldError
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.money import round_half_up
from backend.modules.trading.domain.quality import QualityRange, QualityValue, ValueRange, parse_value

PLACES = Decimal("0.0001")
ONE, HALF, ZERO = Decimal(1), Decimal("0.5"), Decimal(0)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MatchingConfig:
    """Weights, thresholds and bands of one commodity's matching; tenants may hold their own."""

    quality_weight: Decimal = Decimal("0.40")
    price_weight: Decimal = Decimal("0.30")
    delivery_weight: Decimal = Decimal("0.15")
    risk_weight: Decimal = Decimal("0.15")
    minimum_score: Decimal = Decimal("0.60")
    min_share_of_preferred: Decimal = Decimal("0.10")
    warn_penalty: Decimal = Decimal("0.10")
    # (largest relative distance above the target, score), tightest first; anything beyond: price_floor
    price_bands: tuple[tuple[Decimal, Decimal], ...] = (
        (Decimal("0.02"), Decimal("0.95")),
        (Decimal("0.05"), Decimal("0.85")),
        (Decimal("0.10"), Decimal("0.70")),
    )
    price_floor: Decimal = Decimal("0.60")

    def errors(self) -> list[FieldError]:
        errors: list[FieldError] = []
        weights = (self.quality_weight, self.price_weight, self.delivery_weight, self.risk_weight)
        if any(not w.is_finite() or w < 0 for w in weights) or sum(weights) != 1:
            errors.append(FieldError("weights", "the four weights must be zero or more and add up to 1"))
        for name in ("minimum_score", "min_share_of_preferred", "warn_penalty", "price_floor"):
            value: Decimal = getattr(self, name)
            if not value.is_finite() or not 0 <= value <= 1:
                errors.append(FieldError(name, f"{name} must be between 0 and 1"))
        limits = [limit for limit, _ in self.price_bands]
        if limits != sorted(limits) or any(limit <= 0 for limit in limits):
            errors.append(FieldError("price_bands", "price bands must be positive and in increasing order"))
        return errors


DEFAULT_CONFIG = MatchingConfig()
# per-commodity configuration as data (keyed by commodity code); anything not listed uses the default
COMMODITY_CONFIGS: Mapping[str, MatchingConfig] = {"COTTON": DEFAULT_CONFIG}


def config_for(commodity_code: str, configs: Mapping[str, MatchingConfig] = COMMODITY_CONFIGS) -> MatchingConfig:
    return configs.get(commodity_code.upper(), DEFAULT_CONFIG)


@dataclass(frozen=True)
class Component:
    score: Decimal
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MatchScore:
    total: Decimal
    quality: Decimal
    price: Decimal
    delivery: Decimal
    risk: Decimal
    reasons: tuple[str, ...]


# quality


def _numeric_score(rng: QualityRange, value: Decimal | ValueRange) -> tuple[Decimal, str]:
    low, high = (value.low, value.high) if isinstance(value, ValueRange) else (value, value)
    if (rng.min is not None and low < rng.min) or (rng.max is not None and high > rng.max):
        return ZERO, "outside the wanted range"
    if not isinstance(rng.preferred, Decimal):
        return ONE, "inside the wanted range"
    point = value.midpoint if isinstance(value, ValueRange) else value
    distance = abs(point - rng.preferred)
    if rng.min is not None and rng.max is not None:
        half_width = (rng.max - rng.min) / 2
    else:
        bound = rng.min if rng.min is not None else rng.max
        assert bound is not None
        half_width = abs(rng.preferred - bound)
    if distance == 0:
        return ONE, "at the preferred value"
    share = ONE if half_width == 0 else min(ONE, distance / half_width)
    return ONE - HALF * share, f"inside the range, {plain_text(distance)} from the preferred value"


def parameter_score(rng: QualityRange, value: QualityValue | None) -> tuple[Decimal, str]:
    """One parameter's score and why, as described in the module docstring."""
    if value is None:
        return ZERO, "not stated by the seller"
    if rng.accepted:
        label = value if isinstance(value, str) else str(value)
        if label not in rng.accepted:
            return ZERO, f"grade {label} is not accepted"
        if rng.preferred is None or rng.preferred == label:
            return ONE, f"grade {label} is wanted"
        return HALF, f"grade {label} is accepted but {rng.preferred} is preferred"
    parsed = parse_value(value)
    if parsed is None:
        return ZERO, "not a measurement"
    return _numeric_score(rng, parsed)


def quality_component(ranges: tuple[QualityRange, ...], offered: Mapping[str, QualityValue]) -> Component:
    if not ranges:
        return Component(ONE, ("quality: no requirements",))
    scores: list[Decimal] = []
    reasons: list[str] = []
    for rng in ranges:
        score, why = parameter_score(rng, offered.get(rng.parameter))
        scores.append(score)
        reasons.append(f"quality {rng.parameter}: {plain_text(rounded(score))} ({why})")
    return Component(rounded(sum(scores, ZERO) / len(scores)), tuple(reasons))


# price


def price_component(offered: Fraction, target: Fraction, config: MatchingConfig, shown: str) -> Component:
    """``offered`` and ``target`` in the same currency and unit; ``shown`` names that unit in reasons."""
    if offered <= target:
        return Component(ONE, (f"price: at or below the target {shown}",))
    above = (offered - target) / target
    percent = plain_text(round_half_up(above * 100, 2))
    for limit, score in config.price_bands:
        if above <= Fraction(limit):
            return Component(score, (f"price: {percent}% above the target {shown}, within {plain_text(limit * 100)}%",))
    return Component(config.price_floor, (f"price: {percent}% above the target {shown}",))


# delivery and risk


def delivery_component(distance_km: Decimal, max_distance_km: Decimal) -> Component:
    share = ZERO if max_distance_km == 0 else min(ONE, distance_km / max_distance_km)
    score = rounded(ONE - HALF * share)
    reason = f"delivery: {plain_text(distance_km)} km of at most {plain_text(max_distance_km)} km"
    return Component(score, (reason,))


def risk_component(verdict: RiskVerdict, config: MatchingConfig) -> Component:
    if verdict is RiskVerdict.PASS:
        return Component(ONE, ("risk: passed",))
    if verdict is RiskVerdict.WARN:
        return Component(HALF, (f"risk: warning, the total loses {plain_text(config.warn_penalty * 100)}%",))
    raise ValueError("a failed risk verdict is a hard filter, never a score")


def combine(
    quality: Component,
    price: Component,
    delivery: Component,
    risk: Component,
    verdict: RiskVerdict,
    config: MatchingConfig,
) -> MatchScore:
    total = (
        config.quality_weight * quality.score
        + config.price_weight * price.score
        + config.delivery_weight * delivery.score
        + config.risk_weight * risk.score
    )
    if verdict is RiskVerdict.WARN:
        total *= ONE - config.warn_penalty
    reasons = quality.reasons + price.reasons + delivery.reasons + risk.reasons
    return MatchScore(rounded(total), quality.score, price.score, delivery.score, risk.score, reasons)
