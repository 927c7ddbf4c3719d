"""A negotiation: the one conversation a match allows, offers alternating between buyer and seller.

It expires after ``idle_timeout`` without an offer (48 hours unless configured). Accepting the other
party's latest offer returns the ``AcceptedDeal`` the application turns into a trade, in the same
transaction that sells the availability's quantity.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from backend.core.clock import utc_now
from backend.core.decimal_math import canonical, plain_text
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.branches import PartyBranches
from backend.modules.trading.domain.enums import NegotiationStatus, OfferStatus, Side
from backend.modules.trading.domain.errors import (
    CannotAcceptOwnOffer,
    NegotiationClosed,
    NoOfferToAnswer,
    NotAParty,
    OfferOutOfTurn,
    check,
)
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.postings import terms_errors
from backend.modules.trading.domain.quantities import positive_errors

DEFAULT_IDLE_TIMEOUT = timedelta(hours=48)


@dataclass(frozen=True)
class OfferTerms:
    payment_terms: str
    delivery_terms: str
    delivery_date: date | None = None
    notes: str | None = None


@dataclass(frozen=True)
class NegotiationLimits:
    """What the availability allows, fixed when the negotiation starts (quantities in the base unit)."""

    fixed_price: Decimal | None = None  # a fixed-price availability: offers cannot change the price
    min_quantity: Decimal | None = None
    max_quantity: Decimal | None = None
    whole_quantity: Decimal | None = None  # partial orders not allowed: exactly this much

    def errors(self, price: Decimal, quantity: Decimal) -> list[FieldError]:
        errors: list[FieldError] = []
        if self.fixed_price is not None and price != self.fixed_price:
            errors.append(FieldError("price", f"the price is fixed at {plain_text(self.fixed_price)}"))
        if self.whole_quantity is not None and quantity != self.whole_quantity:
            errors.append(FieldError("quantity", f"the lot is sold whole: {plain_text(self.whole_quantity)}"))
        if self.min_quantity is not None and quantity < self.min_quantity:
            errors.append(FieldError("quantity", f"the minimum order is {plain_text(self.min_quantity)}"))
        if self.max_quantity is not None and quantity > self.max_quantity:
            errors.append(FieldError("quantity", f"at most {plain_text(self.max_quantity)} can be offered"))
        return errors


@dataclass
class Offer:
    id: uuid.UUID
    side: Side
    by_partner_id: uuid.UUID
    price: Decimal  # per the negotiation's price unit
    quantity: Decimal  # base unit
    terms: OfferTerms
    made_at: datetime
    status: OfferStatus = OfferStatus.PENDING


@dataclass(frozen=True)
class AcceptedDeal:
    """Everything the application needs to book the trade."""

    negotiation_id: uuid.UUID
    match_id: uuid.UUID
    offer_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    price: UnitPrice
    quantity: Decimal
    unit: str
    terms: OfferTerms
    accepted_at: datetime


@dataclass(eq=False)
class Negotiation(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    match_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    started_by: Side
    price_basis: UnitPrice  # currency, price unit and factor of every offer; amount: the listed price
    unit: str
    limits: NegotiationLimits
    idle_timeout: timedelta
    started_at: datetime
    last_activity_at: datetime
    status: NegotiationStatus = NegotiationStatus.OPEN
    offers: list[Offer] = field(default_factory=list)
    ended_at: datetime | None = None
    end_reason: str | None = None
    branches: PartyBranches = field(default_factory=PartyBranches)
    commodity_id: uuid.UUID | None = None  # the availability's
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def start(
        cls,
        *,
        match: Match,
        by_partner_id: uuid.UUID,
        price_basis: UnitPrice,
        unit: str,
        limits: NegotiationLimits | None = None,
        idle_timeout: timedelta = DEFAULT_IDLE_TIMEOUT,
        now: datetime | None = None,
        branches: PartyBranches | None = None,
        commodity_id: uuid.UUID | None = None,
    ) -> Negotiation:
        """Either party opens the match's only negotiation; the match moves to negotiating."""
        now = now or utc_now()
        side = match.side_of(by_partner_id)
        if idle_timeout <= timedelta(0):
            check([FieldError("idle_timeout", "the inactivity timeout must be positive")])
        match.begin_negotiation()
        negotiation = cls(
            id=new_uuid(),
            tenant_id=match.tenant_id,
            match_id=match.id,
            requirement_id=match.requirement_id,
            availability_id=match.availability_id,
            buyer_partner_id=match.buyer_partner_id,
            seller_partner_id=match.seller_partner_id,
            started_by=side,
            price_basis=price_basis,
            unit=unit,
            limits=limits or NegotiationLimits(),
            idle_timeout=idle_timeout,
            started_at=now,
            last_activity_at=now,
            branches=branches or PartyBranches(),
            commodity_id=commodity_id,
        )
        negotiation.record(
            ev.NegotiationStarted(
                tenant_id=match.tenant_id,
                negotiation_id=negotiation.id,
                match_id=match.id,
                buyer_partner_id=match.buyer_partner_id,
                seller_partner_id=match.seller_partner_id,
                started_by_partner_id=by_partner_id,
                occurred_at=now,
            )
        )
        return negotiation

    @property
    def expires_at(self) -> datetime:
        return self.last_activity_at + self.idle_timeout

    @property
    def latest_offer(self) -> Offer | None:
        return self.offers[-1] if self.offers else None

    def side_of(self, partner_id: uuid.UUID) -> Side:
        if partner_id == self.buyer_partner_id:
            return Side.BUYER
        if partner_id == self.seller_partner_id:
            return Side.SELLER
        raise NotAParty("negotiation", partner_id)

    def _touch(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1

    def _ensure_open(self, now: datetime) -> None:
        if self.status is not NegotiationStatus.OPEN:
            raise NegotiationClosed(self.status.value)
        if now >= self.expires_at:  # idle past its timeout; the scheduled job records the expiry
            raise NegotiationClosed(NegotiationStatus.EXPIRED.value)

    def make_offer(
        self, *, by_partner_id: uuid.UUID, price: Decimal, quantity: Decimal, terms: OfferTerms, now: datetime
    ) -> Offer:
        side = self.side_of(by_partner_id)
        self._ensure_open(now)
        latest = self.latest_offer
        if latest is not None and latest.side is side:
            raise OfferOutOfTurn(side.value)
        errors = positive_errors(price, "price", "price") + positive_errors(quantity, "quantity", "quantity")
        errors += terms_errors(terms.payment_terms, "payment_terms") + terms_errors(
            terms.delivery_terms, "delivery_terms"
        )
        if not errors:
            errors = self.limits.errors(price, quantity)
        check(errors)
        if latest is not None and latest.status is OfferStatus.PENDING:
            latest.status = OfferStatus.COUNTERED
        offer = Offer(new_uuid(), side, by_partner_id, canonical(price), canonical(quantity), terms, now)
        self.offers.append(offer)
        self.last_activity_at = now
        self._touch()
        self.record(
            ev.OfferMade(
                tenant_id=self.tenant_id,
                negotiation_id=self.id,
                offer_id=offer.id,
                by_partner_id=by_partner_id,
                side=side.value,
                price=offer.price,
                price_unit=self.price_basis.unit,
                currency=self.price_basis.currency,
                quantity=offer.quantity,
                unit=self.unit,
                expires_at=self.expires_at,
                occurred_at=now,
            )
        )
        return offer

    def _offer_to_answer(self, side: Side) -> Offer:
        latest = self.latest_offer
        if latest is None or latest.status is not OfferStatus.PENDING:
            raise NoOfferToAnswer()
        if latest.side is side:
            raise CannotAcceptOwnOffer(side.value)
        return latest

    def accept(self, *, by_partner_id: uuid.UUID, now: datetime) -> AcceptedDeal:
        """Accept the other party's latest offer; a party cannot accept its own."""
        side = self.side_of(by_partner_id)
        self._ensure_open(now)
        offer = self._offer_to_answer(side)
        offer.status = OfferStatus.ACCEPTED
        self._end(NegotiationStatus.ACCEPTED, now, None)
        self.record(
            ev.OfferAccepted(
                tenant_id=self.tenant_id,
                negotiation_id=self.id,
                match_id=self.match_id,
                offer_id=offer.id,
                accepted_by_partner_id=by_partner_id,
                occurred_at=now,
            )
        )
        return AcceptedDeal(
            negotiation_id=self.id,
            match_id=self.match_id,
            offer_id=offer.id,
            requirement_id=self.requirement_id,
            availability_id=self.availability_id,
            buyer_partner_id=self.buyer_partner_id,
            seller_partner_id=self.seller_partner_id,
            price=self.price_basis.with_amount(offer.price),
            quantity=offer.quantity,
            unit=self.unit,
            terms=offer.terms,
            accepted_at=now,
        )

    def reject(self, *, by_partner_id: uuid.UUID, reason: str, now: datetime) -> None:
        """Refuse the other party's latest offer and end the negotiation (a counter-offer keeps it going)."""
        side = self.side_of(by_partner_id)
        self._ensure_open(now)
        self._offer_to_answer(side).status = OfferStatus.REJECTED
        self._end(NegotiationStatus.REJECTED, now, reason.strip() or None, by_partner_id)

    def withdraw(self, *, by_partner_id: uuid.UUID, reason: str, now: datetime) -> None:
        """Either party walks away; its pending offer, if any, is withdrawn with it."""
        self.side_of(by_partner_id)
        if self.status is not NegotiationStatus.OPEN:
            raise NegotiationClosed(self.status.value)
        self._close_pending(OfferStatus.WITHDRAWN)
        self._end(NegotiationStatus.WITHDRAWN, now, reason.strip() or None, by_partner_id)

    def expire_if_idle(self, now: datetime) -> bool:
        """The scheduled job's step: expire an open negotiation idle for ``idle_timeout``."""
        if self.status is not NegotiationStatus.OPEN or now < self.expires_at:
            return False
        self._close_pending(OfferStatus.EXPIRED)
        self._end(NegotiationStatus.EXPIRED, now, "no offer within the inactivity timeout", None)
        return True

    def _close_pending(self, status: OfferStatus) -> None:
        latest = self.latest_offer
        if latest is not None and latest.status is OfferStatus.PENDING:
            latest.status = status

    def _end(self, status: NegotiationStatus, now: datetime, reason: str | None, by: uuid.UUID | None = None) -> None:
        self.status, self.ended_at, self.end_reason = status, now, reason
        self._touch()
        if status is not NegotiationStatus.ACCEPTED:
            self.record(
                ev.NegotiationEnded(
                    tenant_id=self.tenant_id,
                    negotiation_id=self.id,
                    match_id=self.match_id,
                    status=status.value,
                    by_partner_id=by,
                    reason=reason,
                    occurred_at=now,
                )
            )
