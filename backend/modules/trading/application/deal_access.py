"""Who takes part in a negotiation or trade, and who may see one.

Writes run in the tenant's scope (accepting an offer moves the seller's availability, which a buyer's
partner user may not read), so the party checks are said here: a partner user acts for its own
partner and sees only deals where that partner is buyer or seller; anything else is a 404, so a
deal's existence stays hidden. The tenant's staff act for the party they name, within the branches
and commodities their grant of the permission at hand covers (either party's branch, frozen when the negotiation
started or the trade was booked; a deal with neither party in a branch is seen by branch-unlimited
staff only).
"""

from __future__ import annotations

import uuid

from backend.core.errors import FieldError, NotFound
from backend.core.principal import Principal
from backend.core.reach import covers
from backend.modules.trading.application.access import READ, is_external
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.branches import PartyBranches
from backend.modules.trading.domain.errors import InvalidTradingInput
from backend.modules.trading.domain.negotiation import Negotiation
from backend.modules.trading.domain.trade import Trade

# permission codes (declared with their descriptions in the API package)
NEGOTIATE = "trading.negotiate"
TRADE = "trading.trade"
AMEND = "trading.amend"
SIGN = "trading.sign"


class DealNotFound(NotFound):
    code = "deal-not-found"
    title = "Not found"

    def __init__(self, kind: str, reference: object) -> None:
        super().__init__(f"there is no {kind} {reference}", extra={"kind": kind})


def sees(actor: Principal, tenant_id: uuid.UUID, buyer: uuid.UUID, seller: uuid.UUID) -> bool:
    if tenant_id != actor.tenant_id:
        return False
    return not is_external(actor) or actor.partner_id in (buyer, seller)


def acting_party(actor: Principal, requested: uuid.UUID | None) -> uuid.UUID:
    """The partner the actor acts for: a partner user's own (and no other), else the one named."""
    if is_external(actor):
        assert actor.partner_id is not None
        if requested not in (None, actor.partner_id):
            raise InvalidTradingInput([FieldError("acting_for_partner_id", "a partner user acts for its own partner")])
        return actor.partner_id
    if requested is None:
        message = "name the party (buyer or seller partner) you act for"
        raise InvalidTradingInput([FieldError("acting_for_partner_id", message)])
    return requested


def within_reach(actor: Principal, permission: str, commodity_id: uuid.UUID | None, branches: PartyBranches) -> bool:
    """Whether ``actor``'s grant of ``permission`` covers a deal of ``commodity_id`` held in ``branches``."""
    return covers(actor, permission, commodity_id, branches.buyer, branches.seller)


def sees_deal(actor: Principal, deal: Negotiation | Trade, permission: str) -> bool:
    return sees(actor, deal.tenant_id, deal.buyer_partner_id, deal.seller_partner_id) and within_reach(
        actor, permission, deal.commodity_id, deal.branches
    )


async def load_negotiation(
    uow: TradingUnitOfWork,
    negotiation_id: uuid.UUID,
    actor: Principal,
    *,
    permission: str = READ,
    for_update: bool = False,
) -> Negotiation:
    found = await uow.negotiations.get(negotiation_id, for_update=for_update)
    if found is None or not sees_deal(actor, found, permission):
        raise DealNotFound("negotiation", negotiation_id)
    return found


async def load_trade(
    uow: TradingUnitOfWork,
    trade_id: uuid.UUID,
    actor: Principal,
    *,
    permission: str = READ,
    for_update: bool = False,
) -> Trade:
    found = await uow.trades.get(trade_id, for_update=for_update)
    if found is None or not sees_deal(actor, found, permission):
        raise DealNotFound("trade", trade_id)
    return found
