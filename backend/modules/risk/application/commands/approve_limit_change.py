"""Approve a pending credit limit change: never by the user who requested it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal, ensure_not_maker
from backend.modules.risk.application.access import ensure_staff
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.loading import find_change, load_limit, reband
from backend.modules.risk.application.views import CreditLimitView, credit_limit_view


@dataclass(frozen=True)
class ApproveLimitChange:
    partner_id: uuid.UUID
    change_id: uuid.UUID


async def approve_limit_change(command: ApproveLimitChange, actor: Principal, ctx: RiskContext) -> CreditLimitView:
    """Apply the change and re-band the partner's exposure against the new limit; approving an
    approved change again changes nothing."""
    ensure_staff(actor, "approve credit limit changes")
    async with ctx.uow(actor.data_scope) as uow:
        limit = await load_limit(uow, command.partner_id, for_update=True)
        ensure_not_maker(actor, find_change(limit, command.change_id).requested_by, "approve this credit limit change")
        if limit.approve_change(actor.user_id, command.change_id):
            await uow.credit_limits.save(limit)
            await reband(uow, limit, await ctx.bands.for_tenant(limit.tenant_id))
            await uow.commit()
    return credit_limit_view(limit)
