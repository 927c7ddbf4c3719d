"""Accept the other party's latest offer: the binding trade is booked in ONE transaction.

In order: the negotiation's row is locked and the domain accepts (a party cannot accept its own
offer); the places are chosen and frozen; GST follows from the commodity's rate and the places; the
risk context reserves the buyer's credit for the invoice value under its exposure lock (422 naming
limit, exposure with the other reservations, and amount: of two acceptances racing for the buyer's
last credit only one gets it) and gives its verdict: fail refuses (422), warn (linked parties)
needs an internal approver who accepts with ``approve_linked_parties`` (else 409, nothing
recorded; the approval is the booking's status history reason, next to the approver's user id).
Only then are the shared rows locked, so
concurrent bookings wait for statements, not for other contexts' answers: the availability's row is
locked and the quantity sold (of two buyers racing for the last bales, the second finds too little
left: 409), the requirement's fulfilment grows, and last the tenant's trade counter gives the next
gap-free number of the year where the seller ships from; the trade is booked and
``trading.trade_confirmed.v1`` is written to the outbox with everything else, at the one commit.
The event names the credit reservation, which risk consumes as it counts the trade; if anything
after the reservation fails, the reservation is released (a crash leaves it to expire).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from backend.contracts.risk.queries import RiskFacade
from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_of, tenant_scope
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import NEGOTIATE, DealNotFound, acting_party, load_negotiation
from backend.modules.trading.application.deal_views import TradeView, trade_view
from backend.modules.trading.application.facts import load_commodity, local_year
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.application.risk_checks import (
    APPROVE_LINKED_TRADE,
    TradeRiskCheck,
    clear_trade,
    ensure_may_approve,
    hold_credit,
    risk_facade,
)
from backend.modules.trading.application.trade_places import PlaceChoice, TradePlaces, choose_places
from backend.modules.trading.domain.branches import PartyBranches
from backend.modules.trading.domain.errors import NoOfferToAnswer
from backend.modules.trading.domain.negotiation import AcceptedDeal
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.domain.trade_terms import build_terms, trade_number

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AcceptOffer:
    negotiation_id: uuid.UUID
    offer_id: uuid.UUID
    places: PlaceChoice = field(default_factory=PlaceChoice)
    acting_for_partner_id: uuid.UUID | None = None
    approve_linked_parties: bool = False  # an internal approver clears a warning risk verdict


async def accept_offer(command: AcceptOffer, actor: Principal, ctx: TradingContext) -> TradeView:
    scope = tenant_scope(actor)
    facade = risk_facade(ctx.risk_facade, scope)
    # an approver of linked trades clears the trade on that grant's branches, without negotiating rights
    permission = NEGOTIATE
    if command.approve_linked_parties:
        ensure_may_approve(actor)
        permission = APPROVE_LINKED_TRADE
    async with ctx.uow(scope) as uow:
        negotiation = await load_negotiation(uow, command.negotiation_id, actor, permission=permission, for_update=True)
        by = acting_party(actor, command.acting_for_partner_id)
        if all(offer.id != command.offer_id for offer in negotiation.offers):
            raise DealNotFound("offer", command.offer_id)
        latest = negotiation.latest_offer
        if latest is not None and latest.id != command.offer_id:
            raise NoOfferToAnswer()  # an older offer was answered by a counter-offer
        now = ctx.now()
        deal = negotiation.accept(by_partner_id=by, now=now)

        # the other contexts are asked before any shared row is locked: what they need of the
        # availability (commodity, posted ship-from) is fixed once it is posted, so an unlocked read does
        posted = await uow.availabilities.get(deal.availability_id)
        if posted is None:
            raise DealNotFound("negotiation", negotiation.id)
        commodity = await load_commodity(ctx.commodities(scope), posted.commodity_id)
        parties = await ctx.partners(scope).get_partners([deal.buyer_partner_id, deal.seller_partner_id])
        buyer, seller = parties[deal.buyer_partner_id], parties[deal.seller_partner_id]
        places = choose_places(buyer, seller, command.places, posted.ship_from.location_id)
        invoice = build_terms(
            version=1,
            quantity=deal.quantity,
            price=deal.price,
            gst_rate=commodity.gst_rate,
            delivery_date=deal.terms.delivery_date,
            ship_to=places.ship_to,
            bill_to=places.bill_to,
            ship_from=places.ship_from,
            effective_at=now,
        )
        check = TradeRiskCheck(buyer, seller, posted.commodity_id, invoice.total, deal.price.currency)
        # the buyer's credit is held under risk's exposure lock before anything here is locked: of two
        # acceptances racing for one buyer's last credit, the second is refused (422). Whatever fails
        # from here on gives the credit back; a crash leaves it to expire
        reservation_id = await hold_credit(facade, check, f"negotiation {negotiation.id} offer {command.offer_id}")
        try:
            note = await clear_trade(facade, check, approved=command.approve_linked_parties)
            await uow.negotiations.save(negotiation)
            branches = PartyBranches(buyer=buyer.branch_id, seller=seller.branch_id)
            booking = _Booking(now, commodity.gst_rate, places, note, reservation_id, branches)
            trade = await _book(uow, command, actor, deal, booking)
            await uow.commit()
        except BaseException:
            await _give_back(facade, reservation_id)
            raise
    return trade_view(trade)


async def _give_back(facade: RiskFacade, reservation_id: uuid.UUID) -> None:
    # the booking's own error is what the caller must see; a release that fails too only delays the
    # credit until the reservation expires
    try:
        await facade.release_credit(reservation_id)
    except Exception:
        log.warning("credit reservation %s not released; it counts until it expires", reservation_id, exc_info=True)


@dataclass(frozen=True)
class _Booking:
    now: datetime
    gst_rate: Decimal
    places: TradePlaces
    note: str | None
    reservation_id: uuid.UUID
    branches: PartyBranches


async def _book(
    uow: TradingUnitOfWork, command: AcceptOffer, actor: Principal, deal: AcceptedDeal, booking: _Booking
) -> Trade:
    now = booking.now
    # the availability's lock is held from here to the commit only, a few statements
    availability = await uow.availabilities.get(deal.availability_id, for_update=True)
    requirement = await uow.requirements.get(deal.requirement_id, for_update=True)
    match = await uow.matches.get(deal.match_id, for_update=True)
    if availability is None or requirement is None or match is None:
        raise DealNotFound("negotiation", command.negotiation_id)
    availability.sell(deal.quantity, now)
    requirement.fulfil(deal.quantity)
    match.close()
    await uow.availabilities.save(availability)
    await uow.requirements.save(requirement)
    await uow.matches.save(match)

    # the counter is taken last: its row stays locked until the commit. The year is the one where
    # the goods leave (the seller's ship-from), not UTC's
    year = local_year(now, booking.places.ship_from.country)
    number = trade_number(year, await uow.trades.next_sequence(year))
    trade = Trade.book(
        tenant_id=tenant_of(actor),
        number=number,
        deal=deal,
        commodity_id=availability.commodity_id,
        gst_rate=booking.gst_rate,
        ship_to=booking.places.ship_to,
        bill_to=booking.places.bill_to,
        ship_from=booking.places.ship_from,
        now=now,
        booking_note=booking.note,
        credit_reservation_id=booking.reservation_id,
        branches=booking.branches,
    )
    await uow.trades.add(trade, by=actor.user_id)
    return trade
