"""A partner's credit limit with every change made to it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.risk.application.access import ensure_partner_visible
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.loading import load_limit
from backend.modules.risk.application.views import CreditLimitView, credit_limit_view


@dataclass(frozen=True)
class GetCreditLimit:
    partner_id: uuid.UUID


async def get_credit_limit(query: GetCreditLimit, actor: Principal, ctx: RiskContext) -> CreditLimitView:
    ensure_partner_visible(actor, query.partner_id)
    async with ctx.uow(actor.data_scope) as uow:
        limit = await load_limit(uow, query.partner_id)
    return credit_limit_view(limit)
