"""Make an offer in a negotiation: price (per the listed price unit), quantity and terms.

Offers alternate between the parties (two in a row from one side is a 409). Terms left out repeat
the previous offer's, else the postings' (the requirement's payment terms, the availability's
delivery terms). A quantity in another unit of the commodity is converted to the base unit exactly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import NEGOTIATE, acting_party, load_negotiation
from backend.modules.trading.application.deal_views import NegotiationView, present_negotiation
from backend.modules.trading.application.facts import load_commodity
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.negotiation import Negotiation, OfferTerms
from backend.modules.trading.domain.quantities import Quantity, normalize_unit


@dataclass(frozen=True)
class MakeOffer:
    negotiation_id: uuid.UUID
    price: Decimal
    quantity: Decimal
    quantity_unit: str | None = None  # None: the commodity's base unit
    payment_terms: str | None = None
    delivery_terms: str | None = None
    delivery_date: date | None = None
    notes: str | None = None
    acting_for_partner_id: uuid.UUID | None = None


async def _terms(uow: TradingUnitOfWork, negotiation: Negotiation, command: MakeOffer) -> OfferTerms:
    previous = negotiation.latest_offer
    payment, delivery = command.payment_terms, command.delivery_terms
    if previous is not None:
        payment = payment or previous.terms.payment_terms
        delivery = delivery or previous.terms.delivery_terms
    if not payment or not delivery:
        requirement = await uow.requirements.get(negotiation.requirement_id)
        availability = await uow.availabilities.get(negotiation.availability_id)
        payment = payment or (requirement.payment_terms if requirement else "")
        delivery = delivery or (availability.delivery_terms if availability else "")
    return OfferTerms(payment, delivery, command.delivery_date, (command.notes or "").strip() or None)


async def _base_quantity(
    uow: TradingUnitOfWork, negotiation: Negotiation, command: MakeOffer, ctx: TradingContext
) -> Decimal:
    unit = command.quantity_unit
    if unit is None or normalize_unit(unit) == normalize_unit(negotiation.unit):
        return command.quantity
    availability = await uow.availabilities.get(negotiation.availability_id)
    assert availability is not None  # a negotiation's availability is never deleted while it exists
    commodity = await load_commodity(ctx.commodities(uow.scope), availability.commodity_id)
    return commodity.units.to_base(Quantity(command.quantity, unit))


async def make_offer(command: MakeOffer, actor: Principal, ctx: TradingContext) -> NegotiationView:
    scope = tenant_scope(actor)
    async with ctx.uow(scope) as uow:
        negotiation = await load_negotiation(uow, command.negotiation_id, actor, permission=NEGOTIATE, for_update=True)
        by = acting_party(actor, command.acting_for_partner_id)
        negotiation.make_offer(
            by_partner_id=by,
            price=command.price,
            quantity=await _base_quantity(uow, negotiation, command, ctx),
            terms=await _terms(uow, negotiation, command),
            now=ctx.now(),
        )
        await uow.negotiations.save(negotiation)
        await uow.commit()
    return await present_negotiation(ctx.partners(scope), negotiation)
