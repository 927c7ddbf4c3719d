"""The partners context as other contexts see it (``contracts/partners/queries.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date

from backend.contracts.partners.queries import (
    AddressRef,
    GeoPoint,
    LocationRef,
    PartnerCapabilities,
    PartnerRef,
    TradingParty,
)
from backend.modules.partners.application.context import utc_today
from backend.modules.partners.application.errors import PartnerNotFound
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.domain.locations import Location
from backend.modules.partners.domain.partner import Partner


def _location_ref(location: Location) -> LocationRef:
    a, point = location.address, location.coordinates
    return LocationRef(
        id=location.id,
        kind=location.kind.value,
        name=location.name,
        state_code=location.state_code,
        country=a.country,
        gstin=location.gstin,
        coordinates=None if point is None else GeoPoint(point.latitude, point.longitude),
        can_ship_from=location.can_ship_from,
        can_receive=location.can_receive,
        default_ship_from=location.default_ship_from,
        default_ship_to=location.default_ship_to,
        address=AddressRef(a.line1, a.line2, a.city, a.state, a.postal_code, a.country),
    )


def partner_ref(partner: Partner) -> PartnerRef:
    p = partner.profile
    return PartnerRef(
        id=partner.id,
        code=partner.code,
        legal_name=p.legal_name,
        trade_name=p.trade_name,
        country=p.country,
        entity_class=p.entity_class.value,
        trade_role=p.trade_role.value,
        status=partner.status.value,
        pan=p.pan,
        gstins=tuple(dict.fromkeys([*p.gstins, *partner.locations.gstins])),
        group_id=p.group_id,
        master_partner_id=p.master_partner_id,
        kyc_status=partner.kyc_status.value,
        kyc_expires_on=partner.kyc_expires_on,
        locations=tuple(_location_ref(loc) for loc in partner.locations.items),
        mobiles=tuple(dict.fromkeys(c.mobile for c in partner.contacts)),
        emails=tuple(dict.fromkeys(c.email for c in partner.contacts if c.email)),
        branch_id=partner.branch_id,
    )


class PartnerFacadeService:
    """Implements ``PartnerFacade``; ``uow_factory`` gives units of work in the caller's scope, which
    decides what is visible (row-level security), as in the commodity facade."""

    def __init__(self, uow_factory: Callable[[], PartnersUnitOfWork], today: Callable[[], date] = utc_today) -> None:
        self._uow_factory = uow_factory
        self._today = today

    async def _load(self, partner_id: uuid.UUID) -> Partner:
        return (await self._load_many([partner_id]))[partner_id]

    async def _load_many(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Partner]:
        visible = await self._visible(partner_ids)
        for partner_id in partner_ids:
            if partner_id not in visible:
                raise PartnerNotFound(partner_id)
        return visible

    async def _visible(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Partner]:
        uow = self._uow_factory()
        async with uow:
            if len(partner_ids) == 1:
                one = await uow.partners.get(partner_ids[0])
                found = [] if one is None else [one]
            else:
                found = await uow.partners.get_many(set(partner_ids))
        scope = uow.scope
        return {
            p.id: p
            for p in found
            if scope.platform or (p.tenant_id == scope.tenant_id and scope.partner_id in (None, p.id))
        }

    async def capabilities(self, partner_id: uuid.UUID) -> PartnerCapabilities:
        return self._capabilities(await self._load(partner_id))

    def _capabilities(self, partner: Partner) -> PartnerCapabilities:
        caps = partner.capabilities(self._today())
        return PartnerCapabilities(
            partner_id=partner.id,
            code=partner.code,
            status=partner.status.value,
            home_country=caps.home_country,
            capabilities=frozenset(c.value for c in caps.capabilities),
            overridden=caps.overridden,
        )

    async def get_partner(self, partner_id: uuid.UUID) -> PartnerRef:
        return partner_ref(await self._load(partner_id))

    async def get_partners(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PartnerRef]:
        # one unit of work for all: a trade's buyer and seller cost one round of statements, not two
        return {partner_id: partner_ref(p) for partner_id, p in (await self._load_many(partner_ids)).items()}

    async def trading_parties(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, TradingParty]:
        found = await self._visible(partner_ids) if partner_ids else {}
        return {partner_id: TradingParty(partner_ref(p), self._capabilities(p)) for partner_id, p in found.items()}
