"""Shared steps of the deal tests (it holds no tests itself): a buyer who can be billed, a live
pair of postings matched, and short paths through the negotiation use cases.

The deal tests run on ``World`` with the credit check of ``FakeRiskFacade``, so a test decides
which buyer is over its limit; everything else in the world stays as it is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from backend.contracts.partners.queries import LocationRef, PartnerRef
from backend.core.principal import Grant, Principal, UserKind
from backend.modules.trading.application.commands.accept_offer import AcceptOffer, accept_offer
from backend.modules.trading.application.commands.make_offer import MakeOffer, make_offer
from backend.modules.trading.application.commands.start_negotiation import StartNegotiation, start_negotiation
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.deal_access import NEGOTIATE, TRADE
from backend.modules.trading.application.deal_views import NegotiationView, TradeView
from backend.modules.trading.application.trade_places import PlaceChoice
from backend.modules.trading.domain.match import Match
from tests.fakes.trading_facades import AHMEDABAD, FakeRiskFacade, place
from tests.service.trading.flows import live_availability, live_requirement, matched
from tests.service.trading.world import PERMISSIONS, TENANT, World

CANDY = Decimal("355.56")  # kg
GRANTS = (*PERMISSIONS, NEGOTIATE, TRADE)


def dealer(tenant: uuid.UUID = TENANT) -> Principal:
    """The tenant's staff, acting for a party they name."""
    return Principal(uuid.uuid4(), UserKind.INTERNAL, tenant, grants=dict.fromkeys(GRANTS, (Grant(),)))


def party(partner_id: uuid.UUID, tenant: uuid.UUID = TENANT) -> Principal:
    """A partner user, acting for its own partner."""
    grants = dict.fromkeys(GRANTS, (Grant(),))
    return Principal(uuid.uuid4(), UserKind.EXTERNAL, tenant, partner_id, grants=grants)


@dataclass
class Desk:
    """The world, a buyer with a head office in Ahmedabad (ship-to and bill-to), the credit check."""

    world: World
    buyer: PartnerRef
    credit: FakeRiskFacade = field(default_factory=FakeRiskFacade)

    @property
    def seller(self) -> PartnerRef:
        return self.world.seller

    @property
    def ctx(self) -> TradingContext:
        return replace(self.world.ctx, risk_facade=self.credit)

    def match(self, token: str) -> Match:
        return next(m for m in self.world.fake.stores.matches.values() if m.token == token)


def desk(world: World, *locations: LocationRef, code: str = "BP-IN-0010") -> Desk:
    where = locations or (place(AHMEDABAD, can_ship_from=False, kind="head_office"),)
    return Desk(world, world.partners.add(TENANT, code, *where))


async def matched_token(
    desk: Desk, availability: dict[str, Any] | None = None, requirement: dict[str, Any] | None = None
) -> str:
    """Publish a lot of the seller's and a need of the buyer's, match them, and give the token."""
    lot = await live_availability(desk.world, **(availability or {}))
    wanted = await live_requirement(desk.world, desk.buyer, **(requirement or {}))
    view = await matched(desk.world, wanted)
    [token] = [item.token for item in view.items if desk.match(item.token).availability_id == lot.id]
    return token


async def start(desk: Desk, token: str, by: PartnerRef | None = None) -> NegotiationView:
    return await start_negotiation(StartNegotiation(token), party((by or desk.buyer).id), desk.ctx)


async def offer(
    desk: Desk,
    negotiation_id: uuid.UUID,
    by: PartnerRef,
    quantity: Decimal | int = 40,
    price: Decimal | int = 60000,
    unit: str = "CANDY",
) -> NegotiationView:
    """An offer per candy (the listed price unit), for ``quantity`` candies unless ``unit`` says otherwise."""
    command = MakeOffer(negotiation_id, Decimal(price), Decimal(quantity), quantity_unit=unit)
    return await make_offer(command, party(by.id), desk.ctx)


async def accept(
    desk: Desk, negotiation: NegotiationView, by: PartnerRef, places: PlaceChoice | None = None
) -> TradeView:
    command = AcceptOffer(negotiation.id, negotiation.offers[-1].id, places or PlaceChoice())
    return await accept_offer(command, party(by.id), desk.ctx)


async def booked(desk: Desk, availability: dict[str, Any] | None = None) -> TradeView:
    """A whole deal: matched, the buyer offers 40 candies at 60000, the seller accepts."""
    token = await matched_token(desk, availability)
    negotiation = await start(desk, token)
    negotiation = await offer(desk, negotiation.id, desk.buyer)
    return await accept(desk, negotiation, desk.seller)
