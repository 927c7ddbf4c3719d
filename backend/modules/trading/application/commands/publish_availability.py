"""Publish a draft availability: it becomes active and matching may offer it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import POST, load_availability, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.facts import ensure_capable
from backend.modules.trading.application.risk_checks import SELL, ensure_not_circular, risk_facade
from backend.modules.trading.application.views import AvailabilityView, availability_view


@dataclass(frozen=True)
class PublishAvailability:
    availability_id: uuid.UUID


async def publish_availability(command: PublishAvailability, actor: Principal, ctx: TradingContext) -> AvailabilityView:
    async with ctx.uow(actor.data_scope) as uow:
        availability = await load_availability(uow, command.availability_id, actor, permission=POST, for_update=True)
        # capabilities may have lapsed since the draft (KYC expiry, suspension)
        await ensure_capable(
            ctx.partners(actor.data_scope), availability.seller_partner_id, availability.ship_from.country, buying=False
        )
        # a buy of the commodity may have been posted or traded since the draft
        facade = risk_facade(ctx.risk_facade, tenant_scope(actor))
        await ensure_not_circular(facade, uow, availability.seller_partner_id, availability.commodity_id, SELL)
        availability.publish(ctx.now())
        availability.ensure_not_duplicate_of(await uow.availabilities.with_fingerprint(availability.fingerprint))
        await uow.availabilities.save(availability)
        await uow.commit()
    return availability_view(availability)
