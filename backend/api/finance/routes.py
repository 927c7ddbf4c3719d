"""``/api/v1/finance``: trades' receivables and the payments received against them, over HTTP.

Recording a payment and reversing one are both ``201 Created``: each creates a record (the payment;
the reversal with its reason, who and when), and repeating one is refused (a reference already
recorded, a payment reversed already: 409), never silently answered with the first result. A client
that may lose a response sends ``Idempotency-Key`` and gets the first answer replayed instead.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Query, Request, Response, status

from backend.api.concurrency import etag
from backend.api.deps import require
from backend.api.finance.permissions import READ, RECORD_PAYMENTS, REVERSE_PAYMENTS
from backend.api.finance.schemas import (
    PaymentCreate,
    PaymentOutcomeRead,
    PaymentRead,
    PaymentReversalCreate,
    ReceivablePage,
    ReceivableRead,
    ReceivableSummaryRead,
    Status,
)
from backend.api.pagination import DEFAULT_LIMIT, Cursor, InvalidCursor, Limit, decode_cursor, encode_cursor
from backend.core.principal import DataScope, Principal
from backend.modules.finance.application.commands.record_payment import RecordPayment, record_payment
from backend.modules.finance.application.commands.reverse_payment import ReversePayment, reverse_payment
from backend.modules.finance.application.context import FinanceContext
from backend.modules.finance.application.ports import FinanceUnitOfWork
from backend.modules.finance.application.queries.get_receivable import GetReceivable, get_receivable
from backend.modules.finance.application.queries.list_receivables import ListReceivables, list_receivables
from backend.modules.finance.application.views import PaymentOutcomeView, PaymentView, ReceivableView

router = APIRouter(prefix="/api/v1/finance", tags=["finance"])


class FinanceServices(Protocol):
    """The part of ``backend.app.bootstrap.Container`` these routes use."""

    def finance_uow(self, scope: DataScope) -> FinanceUnitOfWork: ...


def finance_context(request: Request) -> FinanceContext:
    services: FinanceServices = request.app.state.container
    return FinanceContext(uow=services.finance_uow)


Context = Annotated[FinanceContext, Depends(finance_context)]
Reader = Annotated[Principal, Depends(require(READ))]
Recorder = Annotated[Principal, Depends(require(RECORD_PAYMENTS))]
Reverser = Annotated[Principal, Depends(require(REVERSE_PAYMENTS))]


def _payment(view: PaymentView) -> PaymentRead:
    return PaymentRead(**asdict(view))


def _summary(view: ReceivableView) -> ReceivableSummaryRead:
    fields = {name: value for name, value in asdict(view).items() if name != "payments"}
    return ReceivableSummaryRead(**fields)


def _outcome(view: PaymentOutcomeView) -> PaymentOutcomeRead:
    return PaymentOutcomeRead(payment=_payment(view.payment), receivable=_summary(view.receivable))


def _after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if cursor is None:
        return None
    position = decode_cursor(cursor, "opened_at", "trade_id")
    try:
        return datetime.fromisoformat(position["opened_at"]), uuid.UUID(position["trade_id"])
    except ValueError as error:
        raise InvalidCursor() from error


@router.get("/receivables", response_model=ReceivablePage)
async def receivables(
    principal: Reader,
    ctx: Context,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status: Annotated[Status | None, Query(description="only receivables in this status")] = None,
    payer_partner_id: Annotated[uuid.UUID | None, Query(description="only this payer's receivables")] = None,
) -> ReceivablePage:
    query = ListReceivables(limit, _after(cursor), status, payer_partner_id)
    page = await list_receivables(query, principal, ctx)
    next_cursor = None
    if page.next_after is not None:
        opened_at, trade_id = page.next_after
        next_cursor = encode_cursor({"opened_at": opened_at.isoformat(), "trade_id": str(trade_id)})
    return ReceivablePage(items=[_summary(r) for r in page.items], next_cursor=next_cursor)


@router.get("/receivables/{trade_id}", response_model=ReceivableRead)
async def receivable(trade_id: uuid.UUID, principal: Reader, ctx: Context, response: Response) -> ReceivableRead:
    view = await get_receivable(GetReceivable(trade_id), principal, ctx)
    response.headers["ETag"] = etag(view.version)
    return ReceivableRead(**asdict(view))


@router.post("/receivables/{trade_id}/payments", status_code=status.HTTP_201_CREATED, response_model=PaymentOutcomeRead)
async def record(trade_id: uuid.UUID, body: PaymentCreate, principal: Recorder, ctx: Context) -> PaymentOutcomeRead:
    command = RecordPayment(trade_id, body.amount, body.currency, body.received_on, body.method, body.reference)
    return _outcome(await record_payment(command, principal, ctx))


@router.post("/payments/{payment_id}/reversal", status_code=status.HTTP_201_CREATED, response_model=PaymentOutcomeRead)
async def reverse(
    payment_id: uuid.UUID, body: PaymentReversalCreate, principal: Reverser, ctx: Context
) -> PaymentOutcomeRead:
    return _outcome(await reverse_payment(ReversePayment(payment_id, body.reason), principal, ctx))
