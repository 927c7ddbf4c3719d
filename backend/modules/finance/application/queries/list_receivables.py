"""The tenant's receivables, newest first, a keyset page at a time."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from backend.core.errors import FieldError
from backend.core.principal import Principal
from backend.core.reach import reach_of
from backend.modules.finance.application.access import READ, ensure_staff
from backend.modules.finance.application.context import FinanceContext
from backend.modules.finance.application.ports import ReceivableFilter
from backend.modules.finance.application.views import ReceivablePageView, receivable_view
from backend.modules.finance.domain.enums import ReceivableStatus
from backend.modules.finance.domain.errors import InvalidFinanceInput


@dataclass(frozen=True)
class ListReceivables:
    limit: int
    after: tuple[datetime, uuid.UUID] | None = None
    status: str | None = None
    payer_partner_id: uuid.UUID | None = None


def _status(value: str | None) -> ReceivableStatus | None:
    if value is None:
        return None
    try:
        return ReceivableStatus(value)
    except ValueError:
        known = ", ".join(s.value for s in ReceivableStatus)
        raise InvalidFinanceInput([FieldError("query.status", f"must be one of {known}")]) from None


async def list_receivables(query: ListReceivables, actor: Principal, ctx: FinanceContext) -> ReceivablePageView:
    """Only the branches and commodities the actor's ``finance.read`` covers (the tenant-level book
    needs a grant without a branch limit)."""
    if query.limit < 1:
        raise ValueError(f"limit must be at least 1, got {query.limit}")
    ensure_staff(actor, "read receivables")
    page = ReceivableFilter(
        limit=query.limit + 1,  # one row more than asked tells whether another page exists
        after=query.after,
        status=_status(query.status),
        payer_partner_id=query.payer_partner_id,
        reach=reach_of(actor, READ),
    )
    async with ctx.uow(actor.data_scope) as uow:
        rows = await uow.receivables.list(page)
    shown = rows[: query.limit]
    next_after = (shown[-1].opened_at, shown[-1].trade_id) if len(rows) > query.limit else None
    return ReceivablePageView(tuple(receivable_view(r) for r in shown), next_after)
