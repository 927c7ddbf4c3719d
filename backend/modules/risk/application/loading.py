"""Loading what the use cases change, and the credit a currency's exposure is checked against."""

from __future__ import annotations

import uuid
from decimal import Decimal

from backend.modules.risk.application.errors import CreditChangeNotFound, RiskRecordNotFound
from backend.modules.risk.application.ports import RiskUnitOfWork
from backend.modules.risk.domain.credit import CreditLimit, CreditLimitChange
from backend.modules.risk.domain.exposure import UtilizationBands


def limit_in(limit: CreditLimit | None, currency: str) -> Decimal | None:
    """The limit an amount in ``currency`` is checked against: None (no credit) without a limit, or
    when the limit is kept in another currency."""
    if limit is None or limit.currency != currency:
        return None
    return limit.amount


async def load_limit(uow: RiskUnitOfWork, partner_id: uuid.UUID, *, for_update: bool = False) -> CreditLimit:
    limit = await uow.credit_limits.get(partner_id, for_update=for_update)
    if limit is None:
        raise RiskRecordNotFound(partner_id)
    return limit


def find_change(limit: CreditLimit, change_id: uuid.UUID) -> CreditLimitChange:
    change = next((c for c in limit.history if c.id == change_id), None)
    if change is None:
        raise CreditChangeNotFound(change_id)
    return change


async def reband(uow: RiskUnitOfWork, limit: CreditLimit, bands: UtilizationBands) -> None:
    """After the limit changed, re-band the exposure in its currency (publishing a crossing).

    The limit row is locked first and the exposure second, here as everywhere, so the two never
    wait on each other in opposite orders.
    """
    exposure = await uow.exposures.get(limit.partner_id, limit.currency, for_update=True)
    if exposure is not None and exposure.refresh_band(limit.amount, bands) is not None:
        await uow.exposures.save(exposure)
