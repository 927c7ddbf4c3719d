"""Start the one negotiation a match allows, by either party; identities are revealed from now on.

The negotiation's limits are fixed from the postings as they stand: a fixed price, the minimum
order, at most what is still available and still wanted, the whole lot when partial orders are not
allowed. A second start on the same match is a 409 (the match is no longer open).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_of, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import NEGOTIATE, DealNotFound, acting_party, sees, within_reach
from backend.modules.trading.application.deal_views import NegotiationView, negotiation_view, party_refs, views_of
from backend.modules.trading.application.errors import OutsideBranches
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.branches import PartyBranches
from backend.modules.trading.domain.enums import PriceType
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.negotiation import Negotiation, NegotiationLimits
from backend.modules.trading.domain.requirement import Requirement


@dataclass(frozen=True)
class StartNegotiation:
    match: str  # the anonymous token, or the match id
    acting_for_partner_id: uuid.UUID | None = None


def negotiation_limits(availability: Availability, requirement: Requirement) -> NegotiationLimits:
    return NegotiationLimits(
        fixed_price=availability.price.amount if availability.price_type is PriceType.FIXED else None,
        min_quantity=availability.minimum_order,
        max_quantity=min(availability.available, requirement.still_wanted),
        whole_quantity=None if availability.partial_orders_allowed else availability.available,
    )


async def _match(uow: TradingUnitOfWork, reference: str) -> Match | None:
    try:
        match_id = uuid.UUID(reference)
    except ValueError:
        return await uow.matches.by_token(reference, for_update=True)
    return await uow.matches.get(match_id, for_update=True)


async def start_negotiation(command: StartNegotiation, actor: Principal, ctx: TradingContext) -> NegotiationView:
    scope = tenant_scope(actor)
    idle_timeout = await ctx.deals.negotiation_idle_timeout(tenant_of(actor))
    async with ctx.uow(scope) as uow:
        match = await _match(uow, command.match)
        if match is None or not sees(actor, match.tenant_id, match.buyer_partner_id, match.seller_partner_id):
            raise DealNotFound("match", command.match)
        by = acting_party(actor, command.acting_for_partner_id)
        availability = await uow.availabilities.get(match.availability_id)
        requirement = await uow.requirements.get(match.requirement_id)
        if availability is None or requirement is None:  # cascades delete matches with their postings
            raise DealNotFound("match", command.match)
        parties = (match.buyer_partner_id, match.seller_partner_id)
        refs = await party_refs(ctx.partners(scope), *parties)  # one read: the branches, then the view
        branches = PartyBranches(*(ref.branch_id if (ref := refs.get(p)) else None for p in parties))
        if not within_reach(actor, NEGOTIATE, availability.commodity_id, branches):  # the match is visible: say why
            raise OutsideBranches("this match", NEGOTIATE)
        negotiation = Negotiation.start(
            match=match,
            by_partner_id=by,
            price_basis=availability.price,
            unit=availability.unit,
            limits=negotiation_limits(availability, requirement),
            idle_timeout=idle_timeout,
            now=ctx.now(),
            branches=branches,
            commodity_id=availability.commodity_id,
        )
        await uow.matches.save(match)
        await uow.negotiations.add(negotiation)
        await uow.commit()
    return negotiation_view(negotiation, views_of(parties, refs))
