"""The demo market's trading, through the trading use cases: two lots of Shankar-6 from the Rajkot
ginner, the Coimbatore mill's requirement, matching, and one negotiation that ends in a trade.

The tenant admin acts for both parties (staff name the partner they act for), as a trading desk
does. The second lot's match is left open so a user can start a negotiation of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from backend.app.bootstrap import Container
from backend.app.demo_partners import DemoParty
from backend.core.clock import utc_now
from backend.core.principal import Principal
from backend.modules.trading.application.commands.accept_offer import AcceptOffer, accept_offer
from backend.modules.trading.application.commands.create_availability import CreateAvailability, create_availability
from backend.modules.trading.application.commands.create_requirement import CreateRequirement, create_requirement
from backend.modules.trading.application.commands.issue_contract import IssueContract, issue_contract
from backend.modules.trading.application.commands.make_offer import MakeOffer, make_offer
from backend.modules.trading.application.commands.match_requirement import MatchRequirement, match_requirement
from backend.modules.trading.application.commands.publish_availability import (
    PublishAvailability,
    publish_availability,
)
from backend.modules.trading.application.commands.publish_requirement import PublishRequirement, publish_requirement
from backend.modules.trading.application.commands.start_negotiation import StartNegotiation, start_negotiation
from backend.modules.trading.application.deal_views import NegotiationView, TradeView
from backend.modules.trading.application.views import MatchView
from backend.modules.trading.domain.availability_terms import AvailabilityTerms
from backend.modules.trading.domain.geo import Place
from backend.modules.trading.domain.quality import QualityRange
from backend.modules.trading.domain.quantities import Quantity
from backend.modules.trading.domain.requirement_terms import DeliveryPoint, RequirementTerms

BALE, CANDY, INR = "BALE", "CANDY", "INR"  # cotton is sold by the bale and priced per candy (355.56 kg)
TRADE_BALES = Decimal("60")
COUNTER_DISCOUNT = Decimal("400")  # rupees per candy the mill's counter-offer is under the ginner's ask


@dataclass(frozen=True)
class Lot:
    """One availability of the ginner: quality as its lab reports it, within the cotton specification."""

    bales: Decimal
    price: Decimal  # rupees per candy
    quality: Mapping[str, str]


LOTS = (
    Lot(
        Decimal("100"),
        Decimal("55800"),
        {
            "staple_length": "29.5",
            "micronaire": "4.0",
            "strength": "29.5",
            "trash": "2.8",
            "moisture": "7.0",
            "colour_grade": "white",
        },
    ),
    Lot(
        Decimal("80"),
        Decimal("55200"),
        {
            "staple_length": "28.5",
            "micronaire": "4.3",
            "strength": "28.2",
            "trash": "3.4",
            "moisture": "7.8",
            "colour_grade": "light_spotted",
        },
    ),
)

# the mill's spinning spec for Shankar-6: the ranges a 30s-40s count mill buys within
MILL_QUALITY = (
    QualityRange("staple_length", Decimal("28"), Decimal("31"), Decimal("29.5")),
    QualityRange("micronaire", Decimal("3.6"), Decimal("4.5"), Decimal("4.0")),
    QualityRange("strength", Decimal("28"), None),
    QualityRange("moisture", None, Decimal("8.5")),
    QualityRange("colour_grade", preferred="white", accepted=("white", "light_spotted")),
)


def _at(party: DemoParty) -> Place:
    # only the id counts: the use case reads the location itself from the partners context
    return Place(party.location_id, "", None, "UTC")


def _lot_terms(lot: Lot, seller: DemoParty, today: date) -> AvailabilityTerms:
    return AvailabilityTerms(
        quantity=Quantity(lot.bales, BALE),
        price=lot.price,
        price_unit=CANDY,
        currency=INR,
        ship_from=_at(seller),
        delivery_terms="Ex-gin Rajkot, loaded on the buyer's truck",
        available_from=today,
        available_until=today + timedelta(days=30),
        variety="Shankar-6",
        quality=lot.quality,
        minimum_order=Quantity(Decimal("25"), BALE),
    )


def _requirement_terms(buyer: DemoParty, today: date) -> RequirementTerms:
    return RequirementTerms(
        quantity_unit=BALE,
        min_quantity=Decimal("40"),
        preferred_quantity=Decimal("120"),
        max_quantity=Decimal("150"),
        max_price=Decimal("56500"),
        preferred_price=Decimal("55000"),
        price_unit=CANDY,
        currency=INR,
        # Rajkot to Coimbatore is about 1,400 km as the crow flies
        delivery_points=(DeliveryPoint(_at(buyer), Decimal("1600")),),
        delivery_from=today,
        delivery_until=today + timedelta(days=45),
        payment_terms="30 days from delivery, by NEFT or RTGS",
        delivery_terms="Delivered to the mill at Coimbatore",
        variety="Shankar-6",
        quality=MILL_QUALITY,
        allow_inter_state=True,
    )


async def trade_cotton(
    container: Container, admin: Principal, cotton_id: uuid.UUID, seller: DemoParty, buyer: DemoParty
) -> TradeView:
    """Post and publish both lots and the requirement, match, and book a trade (with its contract) on
    the best match."""
    ctx, today = container.trading, utc_now().date()
    for lot in LOTS:
        draft = await create_availability(
            CreateAvailability(cotton_id, _lot_terms(lot, seller, today), seller.id), admin, ctx
        )
        await publish_availability(PublishAvailability(draft.id), admin, ctx)
    wanted = await create_requirement(
        CreateRequirement(cotton_id, _requirement_terms(buyer, today), buyer.id), admin, ctx
    )
    await publish_requirement(PublishRequirement(wanted.id), admin, ctx)
    matches = await match_requirement(MatchRequirement(wanted.id), admin, ctx)
    if not matches.items:
        raise RuntimeError("the demo requirement found no match; the lots no longer fit the mill's spec")
    trade = await _negotiated_trade(container, admin, matches.items[0], seller, buyer)
    await issue_contract(IssueContract(trade.id), admin, ctx)
    return trade


async def _negotiated_trade(
    container: Container, admin: Principal, best: MatchView, seller: DemoParty, buyer: DemoParty
) -> TradeView:
    """The mill opens talks, the ginner offers at the listed price, the mill counters lower and the
    ginner accepts the counter: the trade is booked at the mill's price."""
    assert best.offer is not None  # a fresh match's availability exists
    started = await start_negotiation(StartNegotiation(best.token, buyer.id), admin, container.trading)
    ask, delivery = best.offer.price, utc_now().date() + timedelta(days=14)
    await _offer(container, admin, MakeOffer(started.id, ask, TRADE_BALES, BALE, delivery_date=delivery), seller)
    counter = MakeOffer(started.id, ask - COUNTER_DISCOUNT, TRADE_BALES, BALE, delivery_date=delivery)
    countered = await _offer(container, admin, counter, buyer)
    accept = AcceptOffer(started.id, countered.offers[-1].id, acting_for_partner_id=seller.id)
    return await accept_offer(accept, admin, container.trading)


async def _offer(container: Container, admin: Principal, offer: MakeOffer, party: DemoParty) -> NegotiationView:
    """``offer`` made by the desk on behalf of ``party``."""
    return await make_offer(replace(offer, acting_for_partner_id=party.id), admin, container.trading)
