"""The overall risk verdict the trading matcher consumes: pass, warn or fail, with every reason.

Fail: the credit limit would be exceeded, circular trading, or a blocking party link. Warn: a
warning party link (an internal approver must clear it), or credit that would stand in the red
utilization band after the trade. Pass otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from backend.modules.risk.domain.circular import CircularVerdict
from backend.modules.risk.domain.enums import Band, Outcome
from backend.modules.risk.domain.exposure import DEFAULT_BANDS, CreditAssessment, UtilizationBands
from backend.modules.risk.domain.party_links import PartyLinkResult
from backend.modules.risk.domain.reasons import Reason

CREDIT_EXCEEDED = "credit.limit_exceeded"
CREDIT_RED_BAND = "credit.red_band"


@dataclass(frozen=True)
class RiskVerdict:
    outcome: Outcome
    reasons: tuple[Reason, ...]

    @property
    def requires_internal_approval(self) -> bool:
        return self.outcome is Outcome.WARN

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


def credit_reasons(credit: CreditAssessment, bands: UtilizationBands = DEFAULT_BANDS) -> list[Reason]:
    if not credit.within_limit:
        # the figures are the buyer's own business: evidence for staff, not the message
        figures = (credit.error().detail,)
        return [Reason(CREDIT_EXCEEDED, Outcome.FAIL, "the trade would exceed the credit limit", figures)]
    if credit.amount > 0 and credit.band_after(bands) is Band.RED:
        message = f"credit utilization would reach {bands.red_from}% of the limit or more"
        return [Reason(CREDIT_RED_BAND, Outcome.WARN, message)]
    return []


def combine(
    *,
    credit: CreditAssessment | None = None,
    circular: Iterable[CircularVerdict] = (),
    party_links: PartyLinkResult | None = None,
    bands: UtilizationBands = DEFAULT_BANDS,
) -> RiskVerdict:
    """The worst outcome of the checks given; checks not given do not count."""
    reasons: list[Reason] = []
    if credit is not None:
        reasons += credit_reasons(credit, bands)
    for verdict in circular:
        reasons += verdict.reasons
    if party_links is not None:
        reasons += party_links.reasons
    outcome = max((r.outcome for r in reasons), key=lambda o: o.rank, default=Outcome.PASS)
    return RiskVerdict(outcome, tuple(sorted(reasons, key=lambda r: -r.outcome.rank)))
