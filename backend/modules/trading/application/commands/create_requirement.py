"""Create a buyer's requirement as a draft: commodity, units, quality ranges and capability checked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from backend.core.principal import Principal
from backend.modules.trading.application.access import POST, ensure_covers, posting_partner, tenant_of, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.facts import ensure_capable, load_commodity, load_partner, partner_location
from backend.modules.trading.application.risk_checks import BUY, ensure_not_circular, risk_facade
from backend.modules.trading.application.views import RequirementView, requirement_view
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import RequirementTerms


@dataclass(frozen=True)
class CreateRequirement:
    """Each delivery point's place names the location only (its id); the use case replaces it with the
    location as the partners context knows it."""

    commodity_id: uuid.UUID
    terms: RequirementTerms
    buyer_partner_id: uuid.UUID | None = None  # a partner user's own partner when None


async def create_requirement(command: CreateRequirement, actor: Principal, ctx: TradingContext) -> RequirementView:
    buyer_id = posting_partner(actor, command.buyer_partner_id, "buyer_partner_id")
    scope = actor.data_scope
    partners = ctx.partners(scope)
    commodity = await load_commodity(ctx.commodities(scope), command.commodity_id)
    buyer = await load_partner(partners, buyer_id, "buyer_partner_id")
    ensure_covers(actor, POST, buyer, command.commodity_id)
    points = tuple(
        replace(
            point,
            place=partner_location(
                buyer, point.place.location_id, f"delivery_points.{index}.location_id", receiving=True
            ),
        )
        for index, point in enumerate(command.terms.delivery_points)
    )
    now = ctx.now()
    requirement = Requirement.create(
        tenant_id=tenant_of(actor),
        buyer_partner_id=buyer_id,
        commodity=commodity,
        terms=replace(command.terms, delivery_points=points),
        now=now,
        branch_id=buyer.branch_id,
    )
    for country in sorted({point.place.country for point in points}):
        await ensure_capable(partners, buyer_id, country, buying=True)
    async with ctx.uow(scope) as uow:
        facade = risk_facade(ctx.risk_facade, tenant_scope(actor))
        await ensure_not_circular(facade, uow, buyer_id, requirement.commodity_id, BUY)
        requirement.ensure_not_duplicate_of(await uow.requirements.with_fingerprint(requirement.fingerprint))
        await uow.requirements.add(requirement)
        await uow.commit()
    return requirement_view(requirement)
