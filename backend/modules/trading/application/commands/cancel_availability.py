"""Cancel an availability (a draft or a live one without reservations)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import POST, load_availability
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.views import AvailabilityView, availability_view


@dataclass(frozen=True)
class CancelAvailability:
    availability_id: uuid.UUID
    reason: str = ""


async def cancel_availability(command: CancelAvailability, actor: Principal, ctx: TradingContext) -> AvailabilityView:
    async with ctx.uow(actor.data_scope) as uow:
        availability = await load_availability(uow, command.availability_id, actor, permission=POST, for_update=True)
        availability.cancel(command.reason)
        await uow.availabilities.save(availability)
        await uow.commit()
    return availability_view(availability)
