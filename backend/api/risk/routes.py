"""``/api/v1/risk``: partners' credit limits and exposure, and the tenant's positions, over HTTP."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Query, Request, Response, status

from backend.api.concurrency import etag
from backend.api.deps import require
from backend.api.pagination import DEFAULT_LIMIT, Cursor, InvalidCursor, Limit, decode_cursor, encode_cursor
from backend.api.risk.permissions import APPROVE_LIMIT_CHANGE, READ, REQUEST_LIMIT_CHANGE
from backend.api.risk.schemas import (
    CreditLimitChangeCreate,
    CreditLimitChangeRead,
    CreditLimitChangeReject,
    CreditLimitRead,
    CurrencyExposureRead,
    ExposureRead,
    PositionPage,
    PositionRead,
)
from backend.contracts.platform.queries import ConfigReader
from backend.core.principal import DataScope, Principal
from backend.modules.risk.application.commands.approve_limit_change import ApproveLimitChange, approve_limit_change
from backend.modules.risk.application.commands.reject_limit_change import RejectLimitChange, reject_limit_change
from backend.modules.risk.application.commands.request_limit_change import RequestLimitChange, request_limit_change
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.ports import RiskUnitOfWork
from backend.modules.risk.application.queries.get_credit_limit import GetCreditLimit, get_credit_limit
from backend.modules.risk.application.queries.get_exposure import GetExposure, get_exposure
from backend.modules.risk.application.queries.list_positions import ListPositions, list_positions
from backend.modules.risk.application.settings import ConfiguredBands
from backend.modules.risk.application.views import CreditChangeView, CreditLimitView

router = APIRouter(prefix="/api/v1/risk", tags=["risk"])


class RiskServices(Protocol):
    """The part of ``backend.app.bootstrap.Container`` these routes use."""

    @property
    def config(self) -> ConfigReader: ...

    def risk_uow(self, scope: DataScope) -> RiskUnitOfWork: ...


def risk_context(request: Request) -> RiskContext:
    services: RiskServices = request.app.state.container
    return RiskContext(uow=services.risk_uow, bands=ConfiguredBands(services.config))


Context = Annotated[RiskContext, Depends(risk_context)]
Reader = Annotated[Principal, Depends(require(READ))]
Requester = Annotated[Principal, Depends(require(REQUEST_LIMIT_CHANGE))]
Approver = Annotated[Principal, Depends(require(APPROVE_LIMIT_CHANGE))]
CREDIT_LIMIT = "/partners/{partner_id}/credit-limit"


def _change(view: CreditChangeView) -> CreditLimitChangeRead:
    return CreditLimitChangeRead(**asdict(view))


def _limit(view: CreditLimitView, response: Response) -> CreditLimitRead:
    response.headers["ETag"] = etag(view.version)
    return CreditLimitRead(
        id=view.id,
        partner_id=view.partner_id,
        amount=view.amount,
        currency=view.currency,
        source=view.source,
        pending_change_id=view.pending_change_id,
        history=[_change(c) for c in view.history],
        version=view.version,
        updated_at=view.updated_at,
    )


@router.get("/partners/{partner_id}/exposure", response_model=ExposureRead)
async def exposure(partner_id: uuid.UUID, principal: Reader, ctx: Context) -> ExposureRead:
    view = await get_exposure(GetExposure(partner_id), principal, ctx)
    return ExposureRead(
        partner_id=view.partner_id,
        currency=view.currency,
        limit=view.limit,
        exposure=view.exposure,
        available=view.available,
        utilization=view.utilization,
        band=view.band,
        open_trades=view.open_trades,
        other_currencies=[CurrencyExposureRead(**asdict(o)) for o in view.other_currencies],
    )


@router.get(CREDIT_LIMIT, response_model=CreditLimitRead)
async def credit_limit(partner_id: uuid.UUID, principal: Reader, ctx: Context, response: Response) -> CreditLimitRead:
    return _limit(await get_credit_limit(GetCreditLimit(partner_id), principal, ctx), response)


@router.post(f"{CREDIT_LIMIT}/changes", status_code=status.HTTP_201_CREATED, response_model=CreditLimitChangeRead)
async def request_change(
    partner_id: uuid.UUID, body: CreditLimitChangeCreate, principal: Requester, ctx: Context
) -> CreditLimitChangeRead:
    command = RequestLimitChange(partner_id, body.new_amount, body.reason)
    return _change(await request_limit_change(command, principal, ctx))


@router.post(f"{CREDIT_LIMIT}/changes/{{change_id}}/approve", response_model=CreditLimitRead)
async def approve_change(
    partner_id: uuid.UUID, change_id: uuid.UUID, principal: Approver, ctx: Context, response: Response
) -> CreditLimitRead:
    view = await approve_limit_change(ApproveLimitChange(partner_id, change_id), principal, ctx)
    return _limit(view, response)


@router.post(f"{CREDIT_LIMIT}/changes/{{change_id}}/reject", response_model=CreditLimitRead)
async def reject_change(
    partner_id: uuid.UUID,
    change_id: uuid.UUID,
    body: CreditLimitChangeReject,
    principal: Approver,
    ctx: Context,
    response: Response,
) -> CreditLimitRead:
    view = await reject_limit_change(RejectLimitChange(partner_id, change_id, body.reason), principal, ctx)
    return _limit(view, response)


def _after(cursor: str | None) -> uuid.UUID | None:
    if cursor is None:
        return None
    try:
        return uuid.UUID(decode_cursor(cursor, "after")["after"])
    except ValueError as error:
        raise InvalidCursor() from error


@router.get("/positions", response_model=PositionPage)
async def positions(
    principal: Reader,
    ctx: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    branch_id: Annotated[uuid.UUID | None, Query(description="only this branch's positions")] = None,
    commodity_id: Annotated[uuid.UUID | None, Query(description="only this commodity's positions")] = None,
) -> PositionPage:
    page = await list_positions(ListPositions(limit, _after(cursor), branch_id, commodity_id), principal, ctx)
    next_cursor = encode_cursor({"after": str(page.next_after)}) if page.next_after else None
    return PositionPage(items=[PositionRead(**asdict(p)) for p in page.items], next_cursor=next_cursor)
