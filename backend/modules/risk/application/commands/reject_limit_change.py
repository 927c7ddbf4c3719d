"""Reject a pending credit limit change, with a reason: never by the user who requested it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal, ensure_not_maker
from backend.modules.risk.application.access import ensure_staff
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.loading import find_change, load_limit
from backend.modules.risk.application.views import CreditLimitView, credit_limit_view


@dataclass(frozen=True)
class RejectLimitChange:
    partner_id: uuid.UUID
    change_id: uuid.UUID
    reason: str


async def reject_limit_change(command: RejectLimitChange, actor: Principal, ctx: RiskContext) -> CreditLimitView:
    """The limit stays as it is; rejecting a rejected change again changes nothing."""
    ensure_staff(actor, "reject credit limit changes")
    async with ctx.uow(actor.data_scope) as uow:
        limit = await load_limit(uow, command.partner_id, for_update=True)
        ensure_not_maker(actor, find_change(limit, command.change_id).requested_by, "reject this credit limit change")
        if limit.reject_change(actor.user_id, command.reason, command.change_id):
            await uow.credit_limits.save(limit)
            await uow.commit()
    return credit_limit_view(limit)
