"""A partner's exposure against its credit limit: available credit, utilization and band."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.risk.application.access import ensure_partner_visible
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.errors import RiskRecordNotFound
from backend.modules.risk.application.views import CurrencyExposureView, ExposureView, exposure_view
from backend.modules.risk.domain.exposure import exposure_of


@dataclass(frozen=True)
class GetExposure:
    partner_id: uuid.UUID


async def get_exposure(query: GetExposure, actor: Principal, ctx: RiskContext) -> ExposureView:
    """The band is judged with the tenant's current thresholds, so it may differ from the band last
    published when the thresholds changed since."""
    ensure_partner_visible(actor, query.partner_id)
    async with ctx.uow(actor.data_scope) as uow:
        limit = await uow.credit_limits.get(query.partner_id)
        exposures = await uow.exposures.of_partner(query.partner_id)
    if limit is None and not exposures:
        raise RiskRecordNotFound(query.partner_id)
    tenant_id = limit.tenant_id if limit is not None else exposures[0].tenant_id
    currency = limit.currency if limit is not None else exposures[0].currency
    main = next((e for e in exposures if e.currency == currency), None)
    others = tuple(
        CurrencyExposureView(e.currency, e.amount, len(e.trades)) for e in exposures if e.currency != currency
    )
    return exposure_view(
        query.partner_id,
        currency,
        None if limit is None else limit.amount,
        exposure_of(main.trades.values()) if main is not None else exposure_of(()),
        0 if main is None else len(main.trades),
        await ctx.bands.for_tenant(tenant_id),
        others,
    )
