"""The trade: a binding deal booked from an accepted offer, its status machine and its amendments.

``terms`` is the current version of what was agreed; ``history`` keeps every version, the booked one
first. An amendment (quantity, price, delivery date, an address) is requested by one party and takes
effect only when the other approves it, producing the next version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.branches import PartyBranches
from backend.modules.trading.domain.enums import (
    AMENDABLE_TRADE_STATUSES,
    TRADE_TRANSITIONS,
    AmendmentStatus,
    Side,
    TradeStatus,
)
from backend.modules.trading.domain.errors import (
    AmendmentAlreadyDecided,
    AmendmentNotFound,
    AmendmentPending,
    CounterpartyApprovalRequired,
    IllegalTransition,
    NotAParty,
    TermsVersionNotFound,
    check,
)
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.domain.negotiation import AcceptedDeal
from backend.modules.trading.domain.tax import rate_errors
from backend.modules.trading.domain.trade_terms import (
    AmendmentChanges,
    TradeAmendment,
    TradeTerms,
    build_terms,
    parse_trade_number,
)

S = TradeStatus


def _reason(text: str, field: str = "reason") -> str:
    if not 0 < len(text.strip()) <= 1000:
        check([FieldError(field, f"{field} must have 1 to 1000 characters")])
    return text.strip()


@dataclass(eq=False)
class Trade(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    number: str
    commodity_id: uuid.UUID
    negotiation_id: uuid.UUID
    match_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    unit: str
    gst_rate: Decimal
    payment_terms: str
    delivery_terms: str
    terms: TradeTerms
    history: list[TradeTerms]
    status: TradeStatus = S.ACTIVE
    status_reason: str | None = None
    amendments: list[TradeAmendment] = field(default_factory=list)
    branches: PartyBranches = field(default_factory=PartyBranches)
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def book(
        cls,
        *,
        tenant_id: uuid.UUID,
        number: str,
        deal: AcceptedDeal,
        commodity_id: uuid.UUID,
        gst_rate: Decimal,
        ship_to: AddressSnapshot,
        bill_to: AddressSnapshot,
        ship_from: AddressSnapshot,
        now: datetime | None = None,
        booking_note: str | None = None,
        credit_reservation_id: uuid.UUID | None = None,
        branches: PartyBranches | None = None,
    ) -> Trade:
        """Book the accepted deal; the application sells the availability's quantity in the same transaction.

        ``booking_note`` says why an internal approver let the trade through (linked parties); it is
        the reason of the booking's status history row, next to the approver's user id.
        ``credit_reservation_id``: the buyer's credit held for this booking, named in the event so
        the risk context consumes it as it counts the trade."""
        now = now or utc_now()
        errors = rate_errors(gst_rate)
        if parse_trade_number(number) is None:
            errors.append(FieldError("number", f"{number!r} is not a trade number like TR-2026-000001"))
        check(errors)
        terms = build_terms(
            version=1,
            quantity=deal.quantity,
            price=deal.price,
            gst_rate=gst_rate,
            delivery_date=deal.terms.delivery_date,
            ship_to=ship_to,
            bill_to=bill_to,
            ship_from=ship_from,
            effective_at=now,
        )
        trade = cls(
            id=new_uuid(),
            tenant_id=tenant_id,
            number=number,
            commodity_id=commodity_id,
            negotiation_id=deal.negotiation_id,
            match_id=deal.match_id,
            requirement_id=deal.requirement_id,
            availability_id=deal.availability_id,
            buyer_partner_id=deal.buyer_partner_id,
            seller_partner_id=deal.seller_partner_id,
            unit=deal.unit,
            gst_rate=gst_rate,
            payment_terms=deal.terms.payment_terms,
            delivery_terms=deal.terms.delivery_terms,
            terms=terms,
            history=[terms],
            status_reason=booking_note,
            branches=branches or PartyBranches(),
            created_at=now,
            updated_at=now,
        )
        trade.record(
            ev.TradeConfirmed(
                **trade._keys(),
                negotiation_id=deal.negotiation_id,
                availability_id=deal.availability_id,
                requirement_id=deal.requirement_id,
                buyer_partner_id=deal.buyer_partner_id,
                seller_partner_id=deal.seller_partner_id,
                commodity_id=commodity_id,
                quantity=terms.quantity,
                unit=deal.unit,
                price=terms.price.amount,
                price_unit=terms.price.unit,
                currency=terms.price.currency,
                amount=terms.amount,
                cgst=terms.tax.cgst,
                sgst=terms.tax.sgst,
                igst=terms.tax.igst,
                credit_reservation_id=credit_reservation_id,
                buyer_branch_id=trade.branches.buyer,
                seller_branch_id=trade.branches.seller,
                occurred_at=now,
            )
        )
        return trade

    def _keys(self) -> dict[str, Any]:
        return {"tenant_id": self.tenant_id, "trade_id": self.id, "trade_number": self.number}

    def side_of(self, partner_id: uuid.UUID) -> Side:
        if partner_id == self.buyer_partner_id:
            return Side.BUYER
        if partner_id == self.seller_partner_id:
            return Side.SELLER
        raise NotAParty("trade", partner_id)

    def _touch(self, now: datetime | None = None) -> None:
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = now or utc_now()

    # status machine

    def transition(self, target: TradeStatus, *, by: uuid.UUID, reason: str | None = None) -> None:
        """Move along the table in ``enums.TRADE_TRANSITIONS``; anything else is a 409 naming both states."""
        if target not in TRADE_TRANSITIONS[self.status]:
            raise IllegalTransition("trade", self.number, self.status.value, target.value)
        if target in (S.CANCELLED, S.DISPUTED):
            reason = _reason(reason or "")
        previous, self.status, self.status_reason = self.status, target, reason
        self._touch()
        self.record(
            ev.TradeStatusChanged(
                **self._keys(), from_status=previous.value, to_status=target.value, by=by, reason=reason
            )
        )
        if target is S.CANCELLED:
            assert reason is not None
            self._lapse_pending_amendment(reason)
            self.record(ev.TradeCancelled(**self._keys(), cancelled_by=by, reason=reason))

    def _lapse_pending_amendment(self, reason: str) -> None:
        # nothing can amend a cancelled trade: an amendment still waiting for the counterparty ends here
        if (pending := self.pending_amendment) is None:
            return
        pending.status, pending.decided_at = AmendmentStatus.REJECTED, self.updated_at
        pending.decision_reason = _reason(f"the trade was cancelled: {reason}"[:1000])
        self.record(ev.TradeAmendmentRejected(**self._keys(), amendment_id=pending.id, reason=pending.decision_reason))

    def ensure_contract_may_change(self, action: str) -> None:
        """A cancelled trade's contract is closed: it can be neither issued again nor signed (409)."""
        if self.status is S.CANCELLED:
            raise IllegalTransition("trade", self.number, self.status.value, action)

    def ship(self, by: uuid.UUID) -> None:
        self.transition(S.IN_TRANSIT, by=by)

    def deliver(self, by: uuid.UUID) -> None:
        self.transition(S.DELIVERED, by=by)

    def complete(self, by: uuid.UUID) -> None:
        self.transition(S.COMPLETED, by=by)

    def cancel(self, by: uuid.UUID, reason: str) -> None:
        self.transition(S.CANCELLED, by=by, reason=reason)

    def dispute(self, by: uuid.UUID, reason: str) -> None:
        self.transition(S.DISPUTED, by=by, reason=reason)

    def resolve_dispute(self, by: uuid.UUID, *, cancel: bool, reason: str) -> None:
        """A dispute ends with the trade active again or cancelled."""
        if self.status is not S.DISPUTED:
            target = S.CANCELLED if cancel else S.ACTIVE
            raise IllegalTransition("trade", self.number, self.status.value, target.value)
        self.transition(S.CANCELLED if cancel else S.ACTIVE, by=by, reason=_reason(reason))

    # amendments

    @property
    def pending_amendment(self) -> TradeAmendment | None:
        return next((a for a in self.amendments if a.status is AmendmentStatus.PENDING), None)

    def _amendment(self, amendment_id: uuid.UUID) -> TradeAmendment:
        found = next((a for a in self.amendments if a.id == amendment_id), None)
        if found is None:
            raise AmendmentNotFound(amendment_id)
        return found

    def request_amendment(
        self, *, by_partner_id: uuid.UUID, changes: AmendmentChanges, reason: str, now: datetime | None = None
    ) -> TradeAmendment:
        side = self.side_of(by_partner_id)
        if self.status not in AMENDABLE_TRADE_STATUSES:
            raise IllegalTransition("trade", self.number, self.status.value, "amended")
        if (pending := self.pending_amendment) is not None:
            raise AmendmentPending(pending.id)
        check(changes.errors(self.terms))
        now = now or utc_now()
        amendment = TradeAmendment(
            id=new_uuid(),
            requested_by=side,
            changes=changes,
            fields=changes.changed_fields(self.terms),
            reason=_reason(reason),
            requested_at=now,
        )
        self.amendments.append(amendment)
        self._touch(now)
        self.record(
            ev.TradeAmendmentRequested(
                **self._keys(), amendment_id=amendment.id, requested_by_side=side.value, fields=amendment.fields
            )
        )
        return amendment

    def _decidable(self, amendment_id: uuid.UUID, by_partner_id: uuid.UUID) -> TradeAmendment:
        side = self.side_of(by_partner_id)
        amendment = self._amendment(amendment_id)
        if amendment.status is not AmendmentStatus.PENDING:
            raise AmendmentAlreadyDecided(amendment.status.value)
        if amendment.requested_by is side:
            raise CounterpartyApprovalRequired(side.value)
        return amendment

    def approve_amendment(
        self, amendment_id: uuid.UUID, *, by_partner_id: uuid.UUID, now: datetime | None = None
    ) -> TradeTerms:
        """The counterparty approves: the next version of the terms takes effect."""
        amendment = self._decidable(amendment_id, by_partner_id)
        if self.status not in AMENDABLE_TRADE_STATUSES:
            raise IllegalTransition("trade", self.number, self.status.value, "amended")
        now = now or utc_now()
        previous = self.terms
        self.terms = amendment.changes.apply(previous, self.gst_rate, amendment.id, now)
        self.history.append(self.terms)
        amendment.status, amendment.decided_at = AmendmentStatus.APPROVED, now
        amendment.terms_version = self.terms.version
        self._touch(now)
        self.record(
            ev.TradeAmended(
                **self._keys(),
                amendment_id=amendment.id,
                terms_version=self.terms.version,
                fields=amendment.fields,
                quantity_change=self.terms.quantity - previous.quantity,
                unit=self.unit,
                amount=self.terms.amount,
                currency=self.terms.price.currency,
                buyer_partner_id=self.buyer_partner_id,
                seller_partner_id=self.seller_partner_id,
                commodity_id=self.commodity_id,
                quantity=self.terms.quantity,
                previous_quantity=previous.quantity,
                price=self.terms.price.amount,
                previous_price=previous.price.amount,
                price_unit=self.terms.price.unit,
                previous_amount=previous.amount,
                cgst=self.terms.tax.cgst,
                sgst=self.terms.tax.sgst,
                igst=self.terms.tax.igst,
                previous_cgst=previous.tax.cgst,
                previous_sgst=previous.tax.sgst,
                previous_igst=previous.tax.igst,
                occurred_at=now,
            )
        )
        return self.terms

    def reject_amendment(
        self, amendment_id: uuid.UUID, *, by_partner_id: uuid.UUID, reason: str, now: datetime | None = None
    ) -> None:
        amendment = self._decidable(amendment_id, by_partner_id)
        now = now or utc_now()
        amendment.status, amendment.decided_at = AmendmentStatus.REJECTED, now
        amendment.decision_reason = _reason(reason)
        self._touch(now)
        self.record(
            ev.TradeAmendmentRejected(**self._keys(), amendment_id=amendment.id, reason=amendment.decision_reason)
        )

    def terms_as_of(self, version: int) -> TradeTerms:
        for terms in self.history:
            if terms.version == version:
                return terms
        raise TermsVersionNotFound(self.number, version)
