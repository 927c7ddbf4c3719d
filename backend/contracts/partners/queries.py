"""What other contexts (trading first) may ask the partners context, and the answers they get."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class PartnerCapabilities:
    """What a partner may trade today. ``capabilities`` holds ``domestic_buy``, ``domestic_sell``,
    ``import`` and ``export``; domestic means within ``home_country``. Empty unless approved."""

    partner_id: uuid.UUID
    code: str
    status: str
    home_country: str
    capabilities: frozenset[str]
    overridden: bool  # a tenant admin's recorded decision replaced what the documents grant


@dataclass(frozen=True)
class AddressRef:
    line1: str
    line2: str | None
    city: str
    state: str | None
    postal_code: str
    country: str


@dataclass(frozen=True)
class GeoPoint:
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class LocationRef:
    """One of a partner's places; ``state_code`` is the GST state code of Indian locations."""

    id: uuid.UUID
    kind: str  # head_office | branch | warehouse | factory | ship_to | bill_to | port
    name: str
    state_code: str | None
    country: str
    gstin: str | None
    coordinates: GeoPoint | None
    can_ship_from: bool
    can_receive: bool
    default_ship_from: bool
    default_ship_to: bool
    address: AddressRef


@dataclass(frozen=True)
class PartnerRef:
    """The facts a trade needs about its counterparty. ``mobiles`` (E.164) and ``emails`` are its
    contacts', for the risk context's party-link checks (a number or company domain in common).
    ``branch_id`` is the tenant's branch that holds the relationship: trades are booked there."""

    id: uuid.UUID
    code: str
    legal_name: str
    trade_name: str | None
    country: str
    entity_class: str  # business_entity | service_provider
    trade_role: str  # buyer | seller | both
    status: str
    pan: str | None
    gstins: tuple[str, ...]
    group_id: uuid.UUID | None
    master_partner_id: uuid.UUID | None
    kyc_status: str  # pending | verified | expired
    kyc_expires_on: date | None
    locations: tuple[LocationRef, ...]
    mobiles: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    branch_id: uuid.UUID | None = None


@dataclass(frozen=True)
class TradingParty:
    """A partner as matching weighs it: its facts and its capabilities today, read together."""

    ref: PartnerRef
    capabilities: PartnerCapabilities


class PartnerFacade(Protocol):
    """Implemented by ``backend.modules.partners.application.facade``."""

    async def capabilities(self, partner_id: uuid.UUID) -> PartnerCapabilities:
        """The partner's trade capabilities today; raises a not-found error when the caller cannot see it."""

    async def get_partner(self, partner_id: uuid.UUID) -> PartnerRef:
        """The partner; raises a not-found error when it does not exist or the caller cannot see it."""

    async def get_partners(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PartnerRef]:
        """Several partners in one read, by id; raises a not-found error naming the first of
        ``partner_ids`` that does not exist or the caller cannot see."""

    async def trading_parties(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, TradingParty]:
        """Several partners with their capabilities today, in one read; the ones that do not exist or
        the caller cannot see are left out (they cannot trade), nothing is raised."""
