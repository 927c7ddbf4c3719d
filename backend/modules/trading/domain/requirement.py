"""A buyer's requirement: what is wanted, at what price, delivered where and when.

``min_quantity <= preferred_quantity <= max_quantity`` describe the whole need. Each trade adds to
``fulfilled``: the requirement is partially fulfilled until the preferred quantity is reached and
never takes more than the maximum.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from backend.core.clock import utc_now
from backend.core.decimal_math import canonical
from backend.core.domain import AggregateRoot
from backend.core.ids import new_uuid
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain import postings
from backend.modules.trading.domain.enums import REQUIREMENT_TRANSITIONS, RequirementStatus, Urgency, Visibility
from backend.modules.trading.domain.errors import (
    IllegalTransition,
    InsufficientQuantity,
    check,
)
from backend.modules.trading.domain.facts import CommodityFacts
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.posting_lifecycle import PostingLifecycle
from backend.modules.trading.domain.quality import QualityRange
from backend.modules.trading.domain.quantities import positive_errors
from backend.modules.trading.domain.requirement_terms import DeliveryPoint, RequirementTerms, check_terms

S = RequirementStatus
OPEN = frozenset({S.ACTIVE, S.PARTIALLY_FULFILLED})
# a trade agreed in time still counts after expiry or once the preferred quantity was reached
FULFILLABLE = frozenset({S.ACTIVE, S.PARTIALLY_FULFILLED, S.FULFILLED, S.EXPIRED})


@dataclass(eq=False)
class Requirement(PostingLifecycle[RequirementStatus]):
    KIND = "requirement"
    TRANSITIONS = REQUIREMENT_TRANSITIONS
    LIVE = OPEN
    WINDOW_FIELD = "delivery_until"

    id: uuid.UUID
    tenant_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    commodity_id: uuid.UUID
    variety: str | None
    unit: str  # the commodity's base unit
    min_quantity: Decimal
    preferred_quantity: Decimal
    max_quantity: Decimal
    max_price: UnitPrice
    preferred_price: Decimal | None  # per max_price.unit
    quality: tuple[QualityRange, ...]
    delivery_points: tuple[DeliveryPoint, ...]
    allow_inter_state: bool
    origin_country: str | None
    delivery_from: date
    delivery_until: date
    payment_terms: str
    delivery_terms: str
    visibility: Visibility
    listed_sellers: frozenset[uuid.UUID]
    urgency: Urgency
    cut_off: time | None
    expires_at: datetime
    fingerprint: str
    fulfilled: Decimal = Decimal(0)
    status: RequirementStatus = S.DRAFT
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
        buyer_partner_id: uuid.UUID,
        commodity: CommodityFacts,
        terms: RequirementTerms,
        now: datetime | None = None,
        branch_id: uuid.UUID | None = None,
    ) -> Requirement:
        now = now or utc_now()
        checked = check_terms(terms, commodity, now)
        requirement = cls(
            id=new_uuid(),
            tenant_id=tenant_id,
            buyer_partner_id=buyer_partner_id,
            commodity_id=commodity.id,
            variety=checked.variety,
            unit=commodity.units.base_unit,
            min_quantity=checked.min_quantity,
            preferred_quantity=checked.preferred_quantity,
            max_quantity=checked.max_quantity,
            max_price=checked.max_price,
            preferred_price=checked.preferred_price,
            quality=terms.quality,
            delivery_points=terms.delivery_points,
            allow_inter_state=terms.allow_inter_state,
            origin_country=terms.origin_country,
            delivery_from=terms.delivery_from,
            delivery_until=terms.delivery_until,
            payment_terms=terms.payment_terms.strip(),
            delivery_terms=terms.delivery_terms.strip(),
            visibility=terms.visibility,
            listed_sellers=terms.listed_sellers,
            urgency=terms.urgency,
            cut_off=terms.cut_off,
            expires_at=checked.expires_at,
            fingerprint="",
            created_at=now,
            updated_at=now,
            branch_id=branch_id,
        )
        requirement.fingerprint = requirement.fingerprint_on(now)
        requirement.record(
            ev.RequirementCreated(
                tenant_id=tenant_id,
                requirement_id=requirement.id,
                buyer_partner_id=buyer_partner_id,
                commodity_id=commodity.id,
                occurred_at=now,
            )
        )
        return requirement

    @property
    def timezone(self) -> str:
        return self.delivery_points[0].place.timezone

    def fingerprint_on(self, instant: datetime) -> str:
        return postings.fingerprint(
            "requirement",
            self.buyer_partner_id,
            self.commodity_id,
            self.variety,
            self.preferred_quantity,
            self.max_price.amount,
            self.max_price.currency,
            self.max_price.unit,
            [point.place.location_id for point in self.delivery_points],
            postings.local_day(instant, self.timezone),
        )

    @property
    def target_price(self) -> Decimal:
        """What the price score aims at: the preferred price, else 90% of the maximum."""
        if self.preferred_price is not None:
            return self.preferred_price
        return self.max_price.amount * Decimal("0.9")

    @property
    def still_wanted(self) -> Decimal:
        return self.max_quantity - self.fulfilled

    # life cycle (the rest is PostingLifecycle's)

    def _status_changed(
        self, previous: RequirementStatus, target: RequirementStatus, reason: str | None
    ) -> ev.RequirementStatusChanged:
        return ev.RequirementStatusChanged(
            tenant_id=self.tenant_id,
            requirement_id=self.id,
            from_status=previous.value,
            to_status=target.value,
            reason=reason,
        )

    def _published(self, now: datetime) -> ev.RequirementPublished:
        return ev.RequirementPublished(
            tenant_id=self.tenant_id,
            requirement_id=self.id,
            buyer_partner_id=self.buyer_partner_id,
            commodity_id=self.commodity_id,
            variety=self.variety,
            min_quantity=self.min_quantity,
            preferred_quantity=self.preferred_quantity,
            max_quantity=self.max_quantity,
            unit=self.unit,
            max_price=self.max_price.amount,
            price_unit=self.max_price.unit,
            currency=self.max_price.currency,
            delivery_from=self.delivery_from,
            delivery_until=self.delivery_until,
            expires_at=self.expires_at,
            occurred_at=now,
        )

    def _unblocked_status(self) -> RequirementStatus:
        return S.PARTIALLY_FULFILLED if self.fulfilled > 0 else S.ACTIVE

    def is_open(self, now: datetime) -> bool:
        return self.status in OPEN and now < self.expires_at

    def fulfil(self, quantity: Decimal) -> None:
        """A trade for ``quantity`` (base unit) was booked against this requirement."""
        check(positive_errors(quantity, "quantity", "quantity"))
        if self.status not in FULFILLABLE:
            raise IllegalTransition("requirement", self.id, self.status.value, "fulfilled")
        if quantity > self.still_wanted:
            raise InsufficientQuantity("are still wanted", quantity, self.still_wanted, self.unit)
        self.fulfilled = canonical(self.fulfilled + quantity)
        self._touch()
        self.record(
            ev.RequirementFulfilmentRecorded(
                tenant_id=self.tenant_id,
                requirement_id=self.id,
                quantity=canonical(quantity),
                fulfilled=self.fulfilled,
                unit=self.unit,
            )
        )
        if self.status in OPEN:
            target = S.FULFILLED if self.fulfilled >= self.preferred_quantity else S.PARTIALLY_FULFILLED
            if target is not self.status:
                self._move(target)

    def amend_fulfilment(self, change: Decimal) -> None:
        """An approved trade amendment changed the quantity by ``change`` (base unit, either sign);
        more than is still wanted is a 409. The open status follows the new fulfilled quantity."""
        if change > 0 and change > self.still_wanted:
            raise InsufficientQuantity("are still wanted", change, self.still_wanted, self.unit)
        if change < 0 and -change > self.fulfilled:
            raise InsufficientQuantity("are fulfilled", -change, self.fulfilled, self.unit)
        if change == 0:
            return
        self.fulfilled = canonical(self.fulfilled + change)
        self._touch()
        self.record(
            ev.RequirementFulfilmentRecorded(
                tenant_id=self.tenant_id,
                requirement_id=self.id,
                quantity=canonical(change),
                fulfilled=self.fulfilled,
                unit=self.unit,
            )
        )
        if self.status in OPEN and self.fulfilled >= self.preferred_quantity:
            self._move(S.FULFILLED)
        elif self.status is S.ACTIVE and self.fulfilled > 0:
            self._move(S.PARTIALLY_FULFILLED)
        elif self.status is S.FULFILLED and self.fulfilled < self.preferred_quantity:
            # fulfilled has no way out in the table; an amendment that takes quantity back reopens it
            self.status = S.PARTIALLY_FULFILLED
