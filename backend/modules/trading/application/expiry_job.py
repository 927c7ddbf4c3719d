"""The expiry job: postings stop at their cut-off in their location's time zone.

Runs every few minutes; each batch is one unit of work in the system scope with the rows locked
(SKIP LOCKED), so two workers never expire the same posting and a busy row waits for the next run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from backend.core.principal import SYSTEM_SCOPE
from backend.modules.trading.application.context import TradingContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExpiryResult:
    availabilities: int
    requirements: int


async def expire_postings(ctx: TradingContext) -> ExpiryResult:
    now = ctx.now()
    batch = ctx.matching.expiry_batch
    availabilities = requirements = 0
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        for availability in await uow.availabilities.due_to_expire(now, batch):
            if availability.expire_if_due(now):
                await uow.availabilities.save(availability)
                availabilities += 1
        for requirement in await uow.requirements.due_to_expire(now, batch):
            if requirement.expire_if_due(now):
                await uow.requirements.save(requirement)
                requirements += 1
        await uow.commit()
    result = ExpiryResult(availabilities, requirements)
    if availabilities or requirements:
        log.info("trading expiry: %s", result)
    return result
