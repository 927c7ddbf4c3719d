"""Publish a draft requirement: it becomes active and ``trading.requirement_published.v1`` starts matching."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import POST, load_requirement, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.facts import ensure_capable
from backend.modules.trading.application.risk_checks import BUY, ensure_not_circular, risk_facade
from backend.modules.trading.application.views import RequirementView, requirement_view


@dataclass(frozen=True)
class PublishRequirement:
    requirement_id: uuid.UUID


async def publish_requirement(command: PublishRequirement, actor: Principal, ctx: TradingContext) -> RequirementView:
    async with ctx.uow(actor.data_scope) as uow:
        requirement = await load_requirement(uow, command.requirement_id, actor, permission=POST, for_update=True)
        partners = ctx.partners(actor.data_scope)
        for country in sorted({point.place.country for point in requirement.delivery_points}):
            await ensure_capable(partners, requirement.buyer_partner_id, country, buying=True)
        # a sell of the commodity may have been posted or traded since the draft
        facade = risk_facade(ctx.risk_facade, tenant_scope(actor))
        await ensure_not_circular(facade, uow, requirement.buyer_partner_id, requirement.commodity_id, BUY)
        requirement.publish(ctx.now())
        requirement.ensure_not_duplicate_of(await uow.requirements.with_fingerprint(requirement.fingerprint))
        await uow.requirements.save(requirement)
        await uow.commit()
    return requirement_view(requirement)
