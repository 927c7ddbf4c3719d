"""Cancel a requirement."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import POST, load_requirement
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.views import RequirementView, requirement_view


@dataclass(frozen=True)
class CancelRequirement:
    requirement_id: uuid.UUID
    reason: str = ""


async def cancel_requirement(command: CancelRequirement, actor: Principal, ctx: TradingContext) -> RequirementView:
    async with ctx.uow(actor.data_scope) as uow:
        requirement = await load_requirement(uow, command.requirement_id, actor, permission=POST, for_update=True)
        requirement.cancel(command.reason)
        await uow.requirements.save(requirement)
        await uow.commit()
    return requirement_view(requirement)
