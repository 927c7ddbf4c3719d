"""Trading's reactions to its own published events: matching starts when a posting goes live.

Each handler runs in one unit of work in the event's tenant scope, with the inbox claim, so a
redelivered event does nothing.
"""

from __future__ import annotations

from backend.contracts.trading.events import AvailabilityPublishedV1, RequirementPublishedV1
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.core.principal import DataScope
from backend.modules.trading.application.commands.match_requirement import rematch_in
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.mapping_prices import per_base_unit
from backend.modules.trading.application.ports import RequirementQuery, TradingUnitOfWork

MATCH_ON_REQUIREMENT = "trading.on_requirement_published_match"
MATCH_ON_AVAILABILITY = "trading.on_availability_published_match"


async def on_requirement_published_match(event: IntegrationEvent, ctx: TradingContext) -> None:
    if not isinstance(event, RequirementPublishedV1):
        return

    async def handle(_: IntegrationEvent, uow: TradingUnitOfWork) -> None:
        await rematch_in(uow, event.requirement_id, ctx)

    scope = DataScope(tenant_id=event.tenant_id)
    await idempotent(MATCH_ON_REQUIREMENT, lambda: ctx.uow(scope), handle)(event)


async def on_availability_published_match(event: IntegrationEvent, ctx: TradingContext) -> None:
    """Re-match the open requirements the new availability might serve (at most a configured number)."""
    if not isinstance(event, AvailabilityPublishedV1):
        return

    async def handle(_: IntegrationEvent, uow: TradingUnitOfWork) -> None:
        availability = await uow.availabilities.get(event.availability_id)
        if availability is None or not availability.is_open(ctx.now()):
            return
        query = RequirementQuery(
            commodity_id=availability.commodity_id,
            seller_partner_id=availability.seller_partner_id,
            currency=availability.price.currency,
            price_per_base=per_base_unit(availability.price, up=False),
            now=ctx.now(),
            limit=ctx.matching.requirements_per_availability,
        )
        for requirement_id in await uow.requirements.open_for(query):
            await rematch_in(uow, requirement_id, ctx)

    scope = DataScope(tenant_id=event.tenant_id)
    await idempotent(MATCH_ON_AVAILABILITY, lambda: ctx.uow(scope), handle)(event)


def register_trading_subscribers(bus: InProcessBus, ctx: TradingContext) -> None:
    async def on_requirement(event: IntegrationEvent) -> None:
        await on_requirement_published_match(event, ctx)

    async def on_availability(event: IntegrationEvent) -> None:
        await on_availability_published_match(event, ctx)

    bus.subscribe(RequirementPublishedV1.wire_name, MATCH_ON_REQUIREMENT, on_requirement)
    bus.subscribe(AvailabilityPublishedV1.wire_name, MATCH_ON_AVAILABILITY, on_availability)
