"""The daily KYC job: reminders ahead of expiry, expiry itself, and suspension where the tenant wants it.

Each partner is handled in its own unit of work in its tenant's scope, so one failure (or a
concurrent edit) costs that partner's turn only; the next run picks it up. Reminders missed while
the job was down are caught up, but only the nearest one goes out: a partner hearing "90 days"
with a week left would be misled. Claims in the reminder log keep every reminder single.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from backend.core.principal import SYSTEM_SCOPE, DataScope
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.views import KycJobResult
from backend.modules.partners.domain.enums import PartnerStatus
from backend.modules.partners.domain.kyc import REMINDER_DAYS, is_expired, reminders_between
from backend.modules.partners.domain.partner import Partner

log = logging.getLogger(__name__)
HORIZON_DAYS = max(REMINDER_DAYS)


async def _handle(candidate: Partner, ctx: PartnersContext) -> tuple[int, bool, bool]:
    """(reminders sent, expired, suspended) for one partner."""
    today = ctx.today()
    settings = await ctx.settings.for_tenant(candidate.tenant_id)
    async with ctx.uow(DataScope(candidate.tenant_id)) as uow:
        partner = await uow.partners.get(candidate.id, for_update=True)
        if partner is None or partner.kyc_expires_on is None:
            return 0, False, False
        sent = 0
        if not is_expired(partner.kyc_expires_on, today):
            since = partner.kyc_expires_on - timedelta(days=HORIZON_DAYS + 1)
            due = reminders_between(partner.kyc_expires_on, since, today)  # furthest first
            claimed = [days for days in due if await uow.kyc_reminders.claim(partner.id, partner.kyc_expires_on, days)]
            if claimed and claimed[-1] == due[-1]:  # the nearest is new: send it, the older ones lapse
                partner.remind_kyc_expiry(claimed[-1])
                sent = 1
        expired = partner.expire_kyc(today, suspend=settings.suspend_on_kyc_expiry)
        suspended = expired and partner.status is PartnerStatus.SUSPENDED and candidate.status is PartnerStatus.APPROVED
        if partner.version != partner.persisted_version:
            await uow.partners.save(partner)
        await uow.commit()  # the reminder's event, the claims and any expiry together
    return sent, expired, suspended


async def run_kyc_job(ctx: PartnersContext) -> KycJobResult:
    """Called by the scheduler once a day; safe to run twice (claims and KYC state make it idempotent)."""
    today = ctx.today()
    async with ctx.uow(SYSTEM_SCOPE) as uow:
        candidates = await uow.partners.kyc_due(today, HORIZON_DAYS)
    reminders = expired = suspended = 0
    for candidate in candidates:
        try:
            sent, lapsed, stopped = await _handle(candidate, ctx)
        except Exception:
            log.exception("KYC job failed for partner %s", candidate.code)
            continue
        reminders, expired, suspended = reminders + sent, expired + lapsed, suspended + stopped
    result = KycJobResult(len(candidates), reminders, expired, suspended)
    log.info("KYC job: %s", result)
    return result
