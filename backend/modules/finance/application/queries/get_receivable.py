"""One trade's receivable with its payments."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.finance.application.access import READ, ensure_staff, visible
from backend.modules.finance.application.context import FinanceContext
from backend.modules.finance.application.views import ReceivableView, receivable_view


@dataclass(frozen=True)
class GetReceivable:
    trade_id: uuid.UUID


async def get_receivable(query: GetReceivable, actor: Principal, ctx: FinanceContext) -> ReceivableView:
    ensure_staff(actor, "read receivables")
    async with ctx.uow(actor.data_scope) as uow:
        receivable = visible(actor, READ, await uow.receivables.get(query.trade_id), query.trade_id)
    return receivable_view(receivable)
