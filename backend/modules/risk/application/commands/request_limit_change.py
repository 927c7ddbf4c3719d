"""Ask for a new credit limit; another user must approve it (maker-checker)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from backend.core.principal import Principal
from backend.modules.risk.application.access import ensure_staff
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.loading import load_limit
from backend.modules.risk.application.views import CreditChangeView, change_view


@dataclass(frozen=True)
class RequestLimitChange:
    partner_id: uuid.UUID
    new_amount: Decimal
    reason: str


async def request_limit_change(command: RequestLimitChange, actor: Principal, ctx: RiskContext) -> CreditChangeView:
    """The pending change; the same request again (same maker, same amount) returns it unchanged."""
    ensure_staff(actor, "request credit limit changes")
    async with ctx.uow(actor.data_scope) as uow:
        limit = await load_limit(uow, command.partner_id, for_update=True)
        change = limit.request_change(command.new_amount, actor.user_id, command.reason)
        if limit.has_changes:
            await uow.credit_limits.save(limit)
            await uow.commit()
    return change_view(change)
