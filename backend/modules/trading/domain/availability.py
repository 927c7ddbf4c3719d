"""A seller's availability: a lot offered for sale, its quantities and its life cycle.

Quantities are held in the commodity's base unit and always satisfy
``available + reserved + sold == total`` with none negative. Selling runs under the application's
row lock, so of two buyers racing for the last bales exactly one finds enough left; the other gets
``InsufficientQuantity`` (409).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from backend.core.clock import utc_now
from backend.core.decimal_math import canonical
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain import postings
from backend.modules.trading.domain.availability_terms import AvailabilityTerms, check_terms
from backend.modules.trading.domain.enums import AVAILABILITY_TRANSITIONS, AvailabilityStatus, PriceType, Visibility
from backend.modules.trading.domain.errors import (
    IllegalTransition,
    InsufficientQuantity,
    PostingHasReservations,
    check,
)
from backend.modules.trading.domain.facts import CommodityFacts
from backend.modules.trading.domain.geo import Place
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.posting_lifecycle import PostingLifecycle
from backend.modules.trading.domain.quality import QualityValue
from backend.modules.trading.domain.quantities import Quantity, describe, positive_errors

S = AvailabilityStatus
RESERVATIONS_SELLABLE = frozenset({S.ACTIVE, S.RESERVED, S.EXPIRED})  # a deal agreed in time survives expiry


@dataclass(eq=False)
class Availability(PostingLifecycle[AvailabilityStatus]):
    KIND = "availability"
    TRANSITIONS = AVAILABILITY_TRANSITIONS
    LIVE = frozenset({S.ACTIVE, S.RESERVED})
    WINDOW_FIELD = "available_until"

    id: uuid.UUID
    tenant_id: uuid.UUID
    seller_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    unit: str  # the commodity's base unit
    entered_quantity: Quantity  # as the seller typed it, for display
    total: Decimal
    minimum_order: Decimal | None
    partial_orders_allowed: bool
    price: UnitPrice
    price_type: PriceType
    quality: dict[str, QualityValue]
    ship_from: Place
    delivery_terms: str
    available_from: date
    available_until: date
    cut_off: time | None
    expires_at: datetime
    visibility: Visibility
    listed_buyers: frozenset[uuid.UUID]
    country_of_origin: str
    fingerprint: str
    available: Decimal = Decimal(0)
    reserved: Decimal = Decimal(0)
    sold: Decimal = Decimal(0)
    status: AvailabilityStatus = S.DRAFT
    status_reason: str | None = None
    created_at: datetime = field(default_factory=utc_now)
    published_at: datetime | None = None
    updated_at: datetime = field(default_factory=utc_now)
    branch_id: uuid.UUID | None = None  # the tenant's branch holding the partner when it posted
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def create(
        cls,
        *,
        tenant_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        commodity: CommodityFacts,
        terms: AvailabilityTerms,
        now: datetime | None = None,
        branch_id: uuid.UUID | None = None,
    ) -> Availability:
        """A draft availability; every rule is checked here so publishing only needs the clock."""
        now = now or utc_now()
        checked = check_terms(terms, commodity, now)
        units = commodity.units
        availability = cls(
            id=new_uuid(),
            tenant_id=tenant_id,
            seller_partner_id=seller_partner_id,
            commodity_id=commodity.id,
            variety=checked.variety,
            unit=units.base_unit,
            entered_quantity=terms.quantity,
            total=checked.total,
            available=checked.total,
            minimum_order=checked.minimum_order,
            partial_orders_allowed=terms.partial_orders_allowed,
            price=checked.price,
            price_type=terms.price_type,
            quality=checked.quality,
            ship_from=terms.ship_from,
            delivery_terms=terms.delivery_terms.strip(),
            available_from=terms.available_from,
            available_until=terms.available_until,
            cut_off=terms.cut_off,
            expires_at=checked.expires_at,
            visibility=terms.visibility,
            listed_buyers=terms.listed_buyers,
            country_of_origin=terms.country_of_origin or terms.ship_from.country,
            fingerprint="",
            created_at=now,
            updated_at=now,
            branch_id=branch_id,
        )
        availability.fingerprint = availability.fingerprint_on(now)
        availability.record(
            ev.AvailabilityCreated(
                tenant_id=tenant_id,
                availability_id=availability.id,
                seller_partner_id=seller_partner_id,
                commodity_id=commodity.id,
                occurred_at=now,
            )
        )
        return availability

    # identity of "the same posting again today"

    def fingerprint_on(self, instant: datetime) -> str:
        day = postings.local_day(instant, self.ship_from.timezone)
        return postings.fingerprint(
            "availability",
            self.seller_partner_id,
            self.commodity_id,
            self.variety,
            self.total,
            self.price.amount,
            self.price.currency,
            self.price.unit,
            [self.ship_from.location_id],
            day,
        )

    # life cycle (the rest is PostingLifecycle's)

    def _status_changed(
        self, previous: AvailabilityStatus, target: AvailabilityStatus, reason: str | None
    ) -> ev.AvailabilityStatusChanged:
        return ev.AvailabilityStatusChanged(
            tenant_id=self.tenant_id,
            availability_id=self.id,
            from_status=previous.value,
            to_status=target.value,
            reason=reason,
        )

    def _published(self, now: datetime) -> ev.AvailabilityPublished:
        return ev.AvailabilityPublished(
            tenant_id=self.tenant_id,
            availability_id=self.id,
            seller_partner_id=self.seller_partner_id,
            commodity_id=self.commodity_id,
            variety=self.variety,
            quantity=self.available,
            unit=self.unit,
            price=self.price.amount,
            price_unit=self.price.unit,
            currency=self.price.currency,
            ship_from_location_id=self.ship_from.location_id,
            available_from=self.available_from,
            available_until=self.available_until,
            expires_at=self.expires_at,
            occurred_at=now,
        )

    def _unblocked_status(self) -> AvailabilityStatus:
        return S.ACTIVE if self.available > 0 else S.RESERVED

    def is_open(self, now: datetime) -> bool:
        """Active, not past its cut-off, with something left: what matching may offer."""
        return self.status is S.ACTIVE and now < self.expires_at and self.available > 0

    def cancel(self, reason: str) -> None:
        if self.reserved > 0:
            raise PostingHasReservations(self.reserved, self.unit, "cancel")
        super().cancel(reason)

    # quantities

    def _order_check(self, quantity: Decimal, action: str, now: datetime | None) -> Decimal:
        check(positive_errors(quantity, "quantity", "quantity"))
        if self.status in (S.RESERVED, S.SOLD):  # nothing left: the loser of a race for the last bales
            raise InsufficientQuantity("are available", quantity, self.available, self.unit)
        if self.status is not S.ACTIVE or (now or utc_now()) >= self.expires_at:
            shown = S.EXPIRED.value if self.status is S.ACTIVE else self.status.value
            raise IllegalTransition("availability", self.id, shown, action)
        if quantity > self.available:
            raise InsufficientQuantity("are available", quantity, self.available, self.unit)
        if not self.partial_orders_allowed and quantity != self.available:
            message = f"this lot is sold whole: order all {describe(self.available, self.unit)}"
            check([FieldError("quantity", message)])
        if self.minimum_order is not None and quantity < min(self.minimum_order, self.available):
            check([FieldError("quantity", f"the minimum order is {describe(self.minimum_order, self.unit)}")])
        return canonical(quantity)

    def reserve(self, quantity: Decimal, now: datetime | None = None) -> None:
        quantity = self._order_check(quantity, "reserved", now)
        self.available -= quantity
        self.reserved += quantity
        self._changed("reserved", quantity)

    def sell(self, quantity: Decimal, now: datetime | None = None) -> None:
        """Move ``quantity`` from available to sold; call it under the row lock of this availability."""
        quantity = self._order_check(quantity, "sold", now)
        self.available -= quantity
        self.sold += quantity
        self._changed("sold", quantity)

    def sell_reserved(self, quantity: Decimal) -> None:
        check(positive_errors(quantity, "quantity", "quantity"))
        if self.status not in RESERVATIONS_SELLABLE:
            raise IllegalTransition("availability", self.id, self.status.value, "sold")
        if quantity > self.reserved:
            raise InsufficientQuantity("are reserved", quantity, self.reserved, self.unit)
        self.reserved -= quantity
        self.sold += quantity
        self._changed("sold_from_reserve", canonical(quantity))

    def amend_sold(self, change: Decimal) -> None:
        """An approved trade amendment sells ``change`` more (positive) or gives it back (negative);
        call it under the row lock. Selling more needs that much available and a live lot (409)."""
        if change > 0:
            if self.status not in self.LIVE and self.status is not S.SOLD:
                raise IllegalTransition("availability", self.id, self.status.value, "sold")
            if change > self.available:
                raise InsufficientQuantity("are available", change, self.available, self.unit)
            self.available -= change
            self.sold += change
            self._changed("sold_by_amendment", canonical(change))
        elif change < 0:
            if -change > self.sold:
                raise InsufficientQuantity("are sold", -change, self.sold, self.unit)
            self.sold += change
            self.available -= change
            if self.status is S.SOLD:  # some of the lot is for sale again
                self.status = S.ACTIVE
            self._changed("returned_by_amendment", canonical(-change))

    def release(self, quantity: Decimal) -> None:
        """Return reserved quantity (a negotiation failed); allowed in any status."""
        check(positive_errors(quantity, "quantity", "quantity"))
        if quantity > self.reserved:
            raise InsufficientQuantity("are reserved", quantity, self.reserved, self.unit)
        self.reserved -= quantity
        self.available += quantity
        self._changed("released", canonical(quantity))

    def _changed(self, change: str, quantity: Decimal) -> None:
        self.ensure_invariants()
        self._touch()
        self.record(
            ev.AvailabilityQuantityChanged(
                tenant_id=self.tenant_id,
                availability_id=self.id,
                change=change,
                quantity=quantity,
                available=self.available,
                reserved=self.reserved,
                sold=self.sold,
                unit=self.unit,
            )
        )
        if self.status in self.LIVE:
            target = S.ACTIVE if self.available > 0 else S.RESERVED if self.reserved > 0 else S.SOLD
            if target is not self.status:
                self._move(target)

    def ensure_invariants(self) -> None:
        """The same rule as the table's CHECK constraints; a failure here is a programming error."""
        parts = (self.available, self.reserved, self.sold)
        if any(part < 0 for part in parts) or sum(parts) != self.total:
            raise AssertionError(f"availability {self.id} quantities broke: {parts} against {self.total}")
