"""One availability or requirement, if the actor may see it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import load_availability, load_requirement
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.views import (
    AvailabilityView,
    RequirementView,
    availability_view,
    requirement_view,
)


@dataclass(frozen=True)
class GetAvailability:
    availability_id: uuid.UUID


@dataclass(frozen=True)
class GetRequirement:
    requirement_id: uuid.UUID


async def get_availability(query: GetAvailability, actor: Principal, ctx: TradingContext) -> AvailabilityView:
    async with ctx.uow(actor.data_scope) as uow:
        return availability_view(await load_availability(uow, query.availability_id, actor))


async def get_requirement(query: GetRequirement, actor: Principal, ctx: TradingContext) -> RequirementView:
    async with ctx.uow(actor.data_scope) as uow:
        return requirement_view(await load_requirement(uow, query.requirement_id, actor))
