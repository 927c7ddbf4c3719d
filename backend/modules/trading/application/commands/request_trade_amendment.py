"""One party asks to change a trade's quantity, price, delivery date or an address.

The change takes effect only when the counterparty approves it. New addresses are the parties' own
locations, checked for their role (ship-to and bill-to the buyer's, ship-from the seller's) and frozen
as snapshots now; a quantity may be given in any of the commodity's units.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.amendment_views import AmendmentView, amendment_view
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import AMEND, acting_party, load_trade
from backend.modules.trading.application.facts import load_commodity
from backend.modules.trading.application.trade_places import location_facts
from backend.modules.trading.domain.locations import AddressSnapshot, LocationRole, choose_location
from backend.modules.trading.domain.quantities import Quantity, normalize_unit
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.domain.trade_terms import AmendmentChanges


@dataclass(frozen=True)
class RequestTradeAmendment:
    trade_id: uuid.UUID
    reason: str
    quantity: Decimal | None = None
    quantity_unit: str | None = None  # None: the base unit
    price: Decimal | None = None  # per the trade's price unit
    delivery_date: date | None = None
    ship_to_location_id: uuid.UUID | None = None
    bill_to_location_id: uuid.UUID | None = None
    ship_from_location_id: uuid.UUID | None = None
    acting_for_partner_id: uuid.UUID | None = None


async def _quantity(command: RequestTradeAmendment, trade: Trade, ctx: TradingContext, actor: Principal) -> Decimal:
    assert command.quantity is not None
    unit = command.quantity_unit
    if unit is None or normalize_unit(unit) == normalize_unit(trade.unit):
        return command.quantity
    commodity = await load_commodity(ctx.commodities(tenant_scope(actor)), trade.commodity_id)
    return commodity.units.to_base(Quantity(command.quantity, unit))


async def _place(
    ctx: TradingContext, actor: Principal, partner_id: uuid.UUID, role: LocationRole, chosen: uuid.UUID | None
) -> AddressSnapshot | None:
    if chosen is None:
        return None
    partner = await ctx.partners(tenant_scope(actor)).get_partner(partner_id)
    return choose_location(role, [location_facts(location) for location in partner.locations], chosen)


async def request_trade_amendment(
    command: RequestTradeAmendment, actor: Principal, ctx: TradingContext
) -> AmendmentView:
    async with ctx.uow(tenant_scope(actor)) as uow:
        trade = await load_trade(uow, command.trade_id, actor, permission=AMEND, for_update=True)
        by = acting_party(actor, command.acting_for_partner_id)
        changes = AmendmentChanges(
            quantity=None if command.quantity is None else await _quantity(command, trade, ctx, actor),
            price=command.price,
            delivery_date=command.delivery_date,
            ship_to=await _place(ctx, actor, trade.buyer_partner_id, LocationRole.SHIP_TO, command.ship_to_location_id),
            bill_to=await _place(ctx, actor, trade.buyer_partner_id, LocationRole.BILL_TO, command.bill_to_location_id),
            ship_from=await _place(
                ctx, actor, trade.seller_partner_id, LocationRole.SHIP_FROM, command.ship_from_location_id
            ),
        )
        amendment = trade.request_amendment(by_partner_id=by, changes=changes, reason=command.reason, now=ctx.now())
        await uow.trades.save(trade, by=actor.user_id)
        await uow.commit()
    return amendment_view(trade, amendment)
