"""Create a seller's availability as a draft: commodity, units, quality and capability checked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from backend.core.principal import Principal
from backend.modules.trading.application.access import POST, ensure_covers, posting_partner, tenant_of, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.facts import ensure_capable, load_commodity, load_partner, partner_location
from backend.modules.trading.application.risk_checks import SELL, ensure_not_circular, risk_facade
from backend.modules.trading.application.views import AvailabilityView, availability_view
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.availability_terms import AvailabilityTerms


@dataclass(frozen=True)
class CreateAvailability:
    """``terms.ship_from`` names the location only (its id); the use case replaces it with the
    location as the partners context knows it (country, state, coordinates)."""

    commodity_id: uuid.UUID
    terms: AvailabilityTerms
    seller_partner_id: uuid.UUID | None = None  # a partner user's own partner when None


async def create_availability(command: CreateAvailability, actor: Principal, ctx: TradingContext) -> AvailabilityView:
    seller_id = posting_partner(actor, command.seller_partner_id, "seller_partner_id")
    scope = actor.data_scope
    partners = ctx.partners(scope)
    commodity = await load_commodity(ctx.commodities(scope), command.commodity_id)
    seller = await load_partner(partners, seller_id, "seller_partner_id")
    ensure_covers(actor, POST, seller, command.commodity_id)
    place = partner_location(seller, command.terms.ship_from.location_id, "ship_from_location_id", receiving=False)
    now = ctx.now()
    availability = Availability.create(
        tenant_id=tenant_of(actor),
        seller_partner_id=seller_id,
        commodity=commodity,
        terms=replace(command.terms, ship_from=place),
        now=now,
        branch_id=seller.branch_id,
    )
    await ensure_capable(partners, seller_id, place.country, buying=False)
    async with ctx.uow(scope) as uow:
        facade = risk_facade(ctx.risk_facade, tenant_scope(actor))
        await ensure_not_circular(facade, uow, seller_id, availability.commodity_id, SELL)
        availability.ensure_not_duplicate_of(await uow.availabilities.with_fingerprint(availability.fingerprint))
        await uow.availabilities.add(availability)
        await uow.commit()
    return availability_view(availability)
