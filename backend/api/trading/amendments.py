"""``/api/v1/trades/{id}/amendments`` and ``/versions``: one party asks to change a trade's terms,
the counterparty approves (the next terms version takes effect) or rejects; every version stays readable."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from backend.api.deps import require
from backend.api.identity.mapping import read
from backend.api.trading import permissions as p
from backend.api.trading.amendment_schemas import (
    AmendmentApprove,
    AmendmentCreate,
    AmendmentRead,
    AmendmentReject,
    TradeVersionsRead,
)
from backend.api.trading.deal_schemas import TradeRead
from backend.api.trading.routes import Trading
from backend.core.principal import Principal
from backend.modules.trading.application.commands.approve_trade_amendment import (
    ApproveTradeAmendment,
    approve_trade_amendment,
)
from backend.modules.trading.application.commands.reject_trade_amendment import (
    RejectTradeAmendment,
    reject_trade_amendment,
)
from backend.modules.trading.application.commands.request_trade_amendment import (
    RequestTradeAmendment,
    request_trade_amendment,
)
from backend.modules.trading.application.queries.get_trade_versions import GetTradeVersions, get_trade_versions

router = APIRouter(prefix="/api/v1/trades/{trade_id}", tags=["trading"])

Reader = Annotated[Principal, Depends(require(p.READ))]
Amender = Annotated[Principal, Depends(require(p.AMEND))]


@router.post("/amendments", status_code=status.HTTP_201_CREATED, response_model=AmendmentRead)
async def request_amendment(
    trade_id: uuid.UUID, body: AmendmentCreate, actor: Amender, ctx: Trading, response: Response
) -> AmendmentRead:
    command = RequestTradeAmendment(
        trade_id=trade_id,
        reason=body.reason,
        quantity=body.quantity,
        quantity_unit=body.quantity_unit,
        price=body.price,
        delivery_date=body.delivery_date,
        ship_to_location_id=body.ship_to_location_id,
        bill_to_location_id=body.bill_to_location_id,
        ship_from_location_id=body.ship_from_location_id,
        acting_for_partner_id=body.acting_for_partner_id,
    )
    view = await request_trade_amendment(command, actor, ctx)
    response.headers["Location"] = f"/api/v1/trades/{trade_id}/versions"
    return read(AmendmentRead, view)


@router.post("/amendments/{amendment_id}/approve", response_model=TradeRead)
async def approve_amendment(
    trade_id: uuid.UUID,
    amendment_id: uuid.UUID,
    actor: Amender,
    ctx: Trading,
    body: AmendmentApprove | None = None,
) -> TradeRead:
    command = ApproveTradeAmendment(trade_id, amendment_id, (body or AmendmentApprove()).acting_for_partner_id)
    return read(TradeRead, await approve_trade_amendment(command, actor, ctx))


@router.post("/amendments/{amendment_id}/reject", response_model=AmendmentRead)
async def reject_amendment(
    trade_id: uuid.UUID, amendment_id: uuid.UUID, body: AmendmentReject, actor: Amender, ctx: Trading
) -> AmendmentRead:
    command = RejectTradeAmendment(trade_id, amendment_id, body.reason, body.acting_for_partner_id)
    return read(AmendmentRead, await reject_trade_amendment(command, actor, ctx))


@router.get("/versions", response_model=TradeVersionsRead)
async def trade_versions(trade_id: uuid.UUID, actor: Reader, ctx: Trading) -> TradeVersionsRead:
    return read(TradeVersionsRead, await get_trade_versions(GetTradeVersions(trade_id), actor, ctx))
