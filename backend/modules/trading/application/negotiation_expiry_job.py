"""The negotiation expiry job: an open negotiation idle past its timeout (48 hours unless the tenant
configured ``trading.negotiation_idle_hours``) expires and its match closes.

One unit of work per batch in the system scope, rows locked with SKIP LOCKED, so two workers never
expire the same negotiation and one being answered right now waits for the next run.
"""

from __future__ import annotations

import logging

from backend.core.principal import SYSTEM_SCOPE
from backend.modules.trading.application.commands.reject_offer import close_match
from backend.modules.trading.application.context import TradingContext

log = logging.getLogger(__name__)


async def expire_idle_negotiations(ctx: TradingContext) -> int:
    now = ctx.now()
    expired = 0
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        for negotiation in await uow.negotiations.idle_at(now, ctx.matching.negotiation_expiry_batch):
            if negotiation.expire_if_idle(now):
                await uow.negotiations.save(negotiation)
                await close_match(uow, negotiation)
                expired += 1
        await uow.commit()
    if expired:
        log.info("trading: %d idle negotiations expired", expired)
    return expired
