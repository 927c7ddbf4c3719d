"""``/api/v1/matches/{token}/negotiations``, ``/api/v1/negotiations`` and ``/api/v1/trades``: from a
match to a binding trade, and the trade's status afterwards."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response, status

from backend.api.deps import CurrentPrincipal, require
from backend.api.identity.mapping import read
from backend.api.pagination import DEFAULT_LIMIT, Cursor, InvalidCursor, Limit, decode_cursor, encode_cursor
from backend.api.trading import permissions as p
from backend.api.trading.deal_schemas import (
    NegotiationCreate,
    NegotiationPage,
    NegotiationRead,
    NegotiationWithdraw,
    OfferAccept,
    OfferCreate,
    OfferReject,
    TradePage,
    TradeRead,
    TradeStatusUpdate,
)
from backend.api.trading.routes import Trading
from backend.core.principal import Principal
from backend.modules.trading.application.commands.accept_offer import AcceptOffer, accept_offer
from backend.modules.trading.application.commands.change_trade_status import ChangeTradeStatus, change_trade_status
from backend.modules.trading.application.commands.make_offer import MakeOffer, make_offer
from backend.modules.trading.application.commands.reject_offer import RejectOffer, reject_offer
from backend.modules.trading.application.commands.start_negotiation import StartNegotiation, start_negotiation
from backend.modules.trading.application.commands.withdraw_negotiation import (
    WithdrawNegotiation,
    withdraw_negotiation,
)
from backend.modules.trading.application.ports import DealFilter
from backend.modules.trading.application.queries.get_deal import GetNegotiation, GetTrade, get_negotiation, get_trade
from backend.modules.trading.application.queries.list_deals import ListDeals, list_negotiations, list_trades
from backend.modules.trading.application.trade_places import PlaceChoice
from backend.modules.trading.application.views import PageView
from backend.modules.trading.domain.enums import NegotiationStatus, TradeStatus

router = APIRouter(prefix="/api/v1", tags=["trading"])

Reader = Annotated[Principal, Depends(require(p.READ))]
Negotiator = Annotated[Principal, Depends(require(p.NEGOTIATE))]
Trader = Annotated[Principal, Depends(require(p.TRADE))]
# a status filter names one of the statuses (an unknown one is a 422 listing them, not an empty page)
NegotiationState = Annotated[NegotiationStatus | None, Query(alias="status")]
TradeState = Annotated[TradeStatus | None, Query(alias="status")]
MatchRef = Annotated[
    str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="the match's token (or its id)")
]


def _after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if not cursor:
        return None
    position = decode_cursor(cursor, "at", "id")
    try:
        return datetime.fromisoformat(position["at"]), uuid.UUID(position["id"])
    except ValueError as error:
        raise InvalidCursor() from error


def _page(view: PageView[Any]) -> dict[str, Any]:
    cursor = None
    if view.next_after is not None:
        at, last_id = view.next_after
        cursor = encode_cursor({"at": at.isoformat(), "id": str(last_id)})
    return {"items": list(view.items), "next_cursor": cursor}


# negotiations


@router.post("/matches/{match}/negotiations", status_code=status.HTTP_201_CREATED, response_model=NegotiationRead)
async def start_negotiation_(
    match: MatchRef, actor: Negotiator, ctx: Trading, response: Response, body: NegotiationCreate | None = None
) -> NegotiationRead:
    command = StartNegotiation(match, body.acting_for_partner_id if body else None)
    view = await start_negotiation(command, actor, ctx)
    response.headers["Location"] = f"/api/v1/negotiations/{view.id}"
    return read(NegotiationRead, view)


@router.get("/negotiations", response_model=NegotiationPage)
async def list_negotiations_(
    actor: Reader, ctx: Trading, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None, status_: NegotiationState = None
) -> NegotiationPage:
    query = ListDeals(DealFilter(limit, _after(cursor), status=status_))
    return NegotiationPage.model_validate(_page(await list_negotiations(query, actor, ctx)), from_attributes=True)


@router.get("/negotiations/{negotiation_id}", response_model=NegotiationRead)
async def get_negotiation_(negotiation_id: uuid.UUID, actor: Reader, ctx: Trading) -> NegotiationRead:
    return read(NegotiationRead, await get_negotiation(GetNegotiation(negotiation_id), actor, ctx))


@router.post(
    "/negotiations/{negotiation_id}/offers", status_code=status.HTTP_201_CREATED, response_model=NegotiationRead
)
async def make_offer_(negotiation_id: uuid.UUID, body: OfferCreate, actor: Negotiator, ctx: Trading) -> NegotiationRead:
    command = MakeOffer(
        negotiation_id=negotiation_id,
        price=body.price,
        quantity=body.quantity,
        quantity_unit=body.quantity_unit,
        payment_terms=body.payment_terms,
        delivery_terms=body.delivery_terms,
        delivery_date=body.delivery_date,
        notes=body.notes,
        acting_for_partner_id=body.acting_for_partner_id,
    )
    return read(NegotiationRead, await make_offer(command, actor, ctx))


@router.post(
    "/negotiations/{negotiation_id}/offers/{offer_id}/accept",
    status_code=status.HTTP_201_CREATED,
    response_model=TradeRead,
)
async def accept_offer_(
    negotiation_id: uuid.UUID,
    offer_id: uuid.UUID,
    actor: CurrentPrincipal,
    ctx: Trading,
    response: Response,
    body: OfferAccept | None = None,
) -> TradeRead:
    body = body or OfferAccept()
    # an approver of linked trades (back office, risk) clears the trade without negotiating rights
    if not (body.approve_linked_parties and actor.can(p.APPROVE_LINKED_TRADE.code)):
        actor.require(p.NEGOTIATE.code)
    places = PlaceChoice(body.ship_to_location_id, body.bill_to_location_id, body.ship_from_location_id)
    command = AcceptOffer(negotiation_id, offer_id, places, body.acting_for_partner_id, body.approve_linked_parties)
    view = await accept_offer(command, actor, ctx)
    response.headers["Location"] = f"/api/v1/trades/{view.id}"
    return read(TradeRead, view)


@router.post("/negotiations/{negotiation_id}/offers/{offer_id}/reject", response_model=NegotiationRead)
async def reject_offer_(
    negotiation_id: uuid.UUID, offer_id: uuid.UUID, actor: Negotiator, ctx: Trading, body: OfferReject | None = None
) -> NegotiationRead:
    body = body or OfferReject()
    command = RejectOffer(negotiation_id, offer_id, body.reason, body.acting_for_partner_id)
    return read(NegotiationRead, await reject_offer(command, actor, ctx))


@router.post("/negotiations/{negotiation_id}/withdraw", response_model=NegotiationRead)
async def withdraw_negotiation_(
    negotiation_id: uuid.UUID, actor: Negotiator, ctx: Trading, body: NegotiationWithdraw | None = None
) -> NegotiationRead:
    body = body or NegotiationWithdraw()
    command = WithdrawNegotiation(negotiation_id, body.reason, body.acting_for_partner_id)
    return read(NegotiationRead, await withdraw_negotiation(command, actor, ctx))


# trades


@router.get("/trades", response_model=TradePage)
async def list_trades_(
    actor: Reader, ctx: Trading, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None, status_: TradeState = None
) -> TradePage:
    query = ListDeals(DealFilter(limit, _after(cursor), status=status_))
    return TradePage.model_validate(_page(await list_trades(query, actor, ctx)), from_attributes=True)


@router.get("/trades/{trade_id}", response_model=TradeRead)
async def get_trade_(trade_id: uuid.UUID, actor: Reader, ctx: Trading) -> TradeRead:
    return read(TradeRead, await get_trade(GetTrade(trade_id), actor, ctx))


@router.post("/trades/{trade_id}/status", response_model=TradeRead)
async def change_trade_status_(trade_id: uuid.UUID, body: TradeStatusUpdate, actor: Trader, ctx: Trading) -> TradeRead:
    command = ChangeTradeStatus(trade_id, body.status, body.reason)
    return read(TradeRead, await change_trade_status(command, actor, ctx))
