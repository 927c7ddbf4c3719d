"""Credit limits from the partners context: set on approval, changed by an approved amendment."""

from __future__ import annotations

import logging

from backend.contracts.partners.events import AmendmentApprovedV1, PartnerApprovedV1
from backend.core.errors import FieldError
from backend.modules.risk.application.loading import reband
from backend.modules.risk.application.ports import BandsSource, RiskUnitOfWork
from backend.modules.risk.domain.credit import CreditLimit
from backend.modules.risk.domain.errors import InvalidRiskInput

log = logging.getLogger(__name__)

CREDIT_LIMIT_CHANGE = "credit_limit_change"  # the amendment kind the partners context leaves to risk


async def on_partner_approved_set_credit_limit(
    event: PartnerApprovedV1, uow: RiskUnitOfWork, bands: BandsSource
) -> None:
    """The recommended limit becomes the partner's limit; without one it has no credit until a limit
    is requested and approved. A partner that already has a limit keeps it."""
    if await uow.credit_limits.get(event.partner_id, for_update=True) is not None:
        return
    limit = CreditLimit.on_partner_approved(
        tenant_id=event.tenant_id,
        partner_id=event.partner_id,
        recommended=event.recommended_credit_limit,
        currency=event.currency,
        approved_by=event.approved_by,
    )
    await uow.credit_limits.add(limit)
    await reband(uow, limit, await bands.for_tenant(event.tenant_id))


async def on_amendment_approved_apply_credit_limit(
    event: AmendmentApprovedV1, uow: RiskUnitOfWork, bands: BandsSource
) -> None:
    """A credit limit amendment approved (maker-checker) in the partners context applies directly;
    other kinds of amendment are not risk's business."""
    if event.kind != CREDIT_LIMIT_CHANGE:
        return
    if event.credit_limit is None:
        log.warning("credit limit amendment %s carries no credit_limit; nothing to apply", event.amendment_id)
        return
    limit = await uow.credit_limits.get(event.partner_id, for_update=True)
    if limit is None:  # approved without this context hearing of it: start from no credit
        currency = event.currency or "INR"
        limit = CreditLimit.on_partner_approved(
            tenant_id=event.tenant_id, partner_id=event.partner_id, recommended=None, currency=currency
        )
        await uow.credit_limits.add(limit)
    if event.currency is not None and event.currency != limit.currency:
        message = f"the credit limit is kept in {limit.currency}; an amendment in {event.currency} cannot apply"
        raise InvalidRiskInput([FieldError("currency", message)])
    if limit.apply_amendment(event.credit_limit, event.approved_by, str(event.amendment_id)):
        await uow.credit_limits.save(limit)
        await reband(uow, limit, await bands.for_tenant(event.tenant_id))
