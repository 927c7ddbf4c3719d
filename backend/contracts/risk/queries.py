"""What other contexts (trading first) may ask the risk context, and the answers they get.

The risk context refuses a trade that would push the buyer's exposure over its credit limit with a
422 problem whose code is ``CREDIT_LIMIT_EXCEEDED`` (it names limit, exposure, amount and available);
trading lets it propagate, or catches ``backend.core.errors.ValidationFailed`` and reads ``code``.

Amounts are what the trade adds to the buyer's exposure: the invoice value, i.e. the trade amount
plus its GST (CGST + SGST or IGST). Credit is granted in the limit's currency only; in any other
currency a partner has none.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Protocol

CREDIT_LIMIT_EXCEEDED = "credit-limit-exceeded"
CIRCULAR_TRADING = "circular-trading"
OUTCOMES = ("pass", "warn", "fail")
SIDES = ("buy", "sell")


@dataclass(frozen=True)
class RiskPartyFacts:
    """What the partners facade tells about one side of a trade, for the party-link checks.

    ``emails`` are the contacts' addresses (only company domains count); ``master_partner_id`` is the
    master entity when this partner is a branch entity.
    """

    partner_id: uuid.UUID
    pan: str | None = None
    gstins: frozenset[str] = frozenset()
    mobiles: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
    group_id: uuid.UUID | None = None
    master_partner_id: uuid.UUID | None = None


@dataclass(frozen=True)
class RiskReasonRef:
    """One reason behind a verdict. ``code`` is a stable slug (``party_link.same_pan``), ``outcome``
    one of ``OUTCOMES``; ``message`` may be shown to either party, ``evidence`` (the matching PAN,
    mobile number, credit figures) to the tenant's staff only."""

    code: str
    outcome: str
    message: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class CreditFigures:
    """The buyer's credit around one amount, in ``currency``.

    ``limit`` None: no limit recorded (no credit). ``band_after`` is green, yellow or red;
    ``utilization_after`` a percentage (None: exposure without any credit).
    """

    partner_id: uuid.UUID
    currency: str
    limit: Decimal | None
    exposure: Decimal
    amount: Decimal
    exposure_after: Decimal
    available: Decimal
    within_limit: bool
    band_after: str
    utilization_after: Decimal | None


@dataclass(frozen=True)
class RiskAssessment:
    """The verdict the matcher consumes: ``outcome`` is the worst of the reasons (pass without any).

    warn: an internal approver must clear the trade (a shared mobile or company e-mail domain, or
    credit that would stand in the red band); fail: the trade must not happen.
    """

    outcome: str
    reasons: tuple[RiskReasonRef, ...]
    credit: CreditFigures | None = None

    @property
    def requires_internal_approval(self) -> bool:
        return self.outcome == "warn"

    @property
    def failed(self) -> bool:
        return self.outcome == "fail"

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)


@dataclass(frozen=True)
class OpenPostingRef:
    """An active posting of the partner, which commits it to one side of a commodity: ``side`` is
    ``buy`` for a requirement and ``sell`` for an availability; ``reference`` names it in messages."""

    commodity_id: uuid.UUID
    side: str
    reference: str


@dataclass(frozen=True)
class PostingCheck:
    outcome: str  # pass | fail
    reasons: tuple[RiskReasonRef, ...] = field(default=())

    @property
    def allowed(self) -> bool:
        return self.outcome == "pass"


@dataclass(frozen=True)
class SellerOffer:
    """One seller's lot as matching weighs it for a buyer: ``amount`` is what the buyer would owe."""

    seller_partner_id: uuid.UUID
    seller_facts: RiskPartyFacts
    amount: Decimal


class RiskFacade(Protocol):
    """Implemented by ``backend.modules.risk.application.facade``. Risk decisions see the whole tenant,
    whoever asks (a partner user's request is still checked against the counterparty's trades)."""

    async def assess(
        self,
        buyer_partner_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        buyer_facts: RiskPartyFacts,
        seller_facts: RiskPartyFacts,
    ) -> RiskAssessment:
        """Credit (``amount`` more on the buyer's exposure), circular trading (either side holding an
        unsettled trade on the other side of the commodity) and party links, without refusing anything."""

    async def assess_offers(
        self,
        buyer_partner_id: uuid.UUID,
        buyer_facts: RiskPartyFacts,
        commodity_id: uuid.UUID,
        currency: str,
        offers: Sequence[SellerOffer],
    ) -> list[RiskAssessment]:
        """``assess`` for one buyer against several sellers' offers, in one read: the answers in the
        order of ``offers``, each judged alone (one offer's amount does not count against another's)."""

    async def ensure_within_limit(self, buyer_partner_id: uuid.UUID, amount: Decimal, currency: str) -> CreditFigures:
        """The credit figures when ``amount`` more fits under the buyer's limit (exactly at the limit
        fits); else raises the 422 ``CREDIT_LIMIT_EXCEEDED`` problem."""

    async def assess_trade(
        self,
        buyer_partner_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        buyer_facts: RiskPartyFacts,
        seller_facts: RiskPartyFacts,
    ) -> RiskAssessment:
        """``ensure_within_limit`` then ``assess`` in one read, for booking a trade: raises the 422
        ``CREDIT_LIMIT_EXCEEDED`` problem when ``amount`` does not fit, else returns the whole verdict."""

    async def reserve_credit(
        self, buyer_partner_id: uuid.UUID, amount: Decimal, currency: str, reference: str, ttl: timedelta
    ) -> uuid.UUID:
        """Hold ``amount`` of the buyer's credit for a trade being booked; the reservation's id.

        Under the buyer's exposure lock: refuses with the 422 ``CREDIT_LIMIT_EXCEEDED`` problem when
        exposure plus the active reservations plus ``amount`` exceed the limit (its ``exposure``
        includes the reservations), else records the reservation and commits. The booked trade's
        ``trading.trade_confirmed.v1`` carrying the id consumes it (the amount moves to exposure once);
        ``release_credit`` gives it back when the booking fails. It stops counting after ``ttl``, so a
        crash in between cannot hold the credit forever. ``reference`` says what it is held for."""

    async def release_credit(self, reservation_id: uuid.UUID) -> None:
        """Give a reservation's credit back (the booking failed). Idempotent: a reservation already
        released, consumed by its trade or purged is left as it is."""

    async def check_posting(
        self,
        partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        side: str,
        active_postings: Sequence[OpenPostingRef] = (),
    ) -> PostingCheck:
        """May the partner post ``side`` (buy or sell) of the commodity? Fails while it holds an
        unsettled trade, or one of ``active_postings``, on the other side."""

    async def ensure_posting_allowed(
        self,
        partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        side: str,
        active_postings: Sequence[OpenPostingRef] = (),
    ) -> None:
        """``check_posting`` that raises the 422 ``CIRCULAR_TRADING`` problem naming the conflicts."""
