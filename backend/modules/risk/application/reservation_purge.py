"""The scheduled purge of credit reservations nobody needs any more: consumed or released ones, and
active ones long expired (they stopped counting when they expired; the row only lingers)."""

from __future__ import annotations

import logging
from datetime import timedelta

from backend.core.clock import utc_now
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.risk.application.context import RiskContext

log = logging.getLogger(__name__)

# kept a day after they close or expire, for whoever investigates a refused or booked trade
KEEP_FOR = timedelta(days=1)


async def purge_credit_reservations(ctx: RiskContext, keep_for: timedelta = KEEP_FOR) -> int:
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        purged = await uow.reservations.purge(utc_now() - keep_for)
        await uow.commit()
    if purged:
        log.info("risk: purged %d credit reservations", purged)
    return purged
