"""Everything the partner use cases need, wired once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from backend.core.clock import utc_now
from backend.core.principal import DataScope
from backend.modules.partners.application.ports import PartnerSettingsSource, PartnersUnitOfWork, Verifiers


def utc_today() -> date:
    return utc_now().date()


@dataclass(frozen=True)
class PartnersContext:
    uow: Callable[[DataScope], PartnersUnitOfWork]
    settings: PartnerSettingsSource
    verifiers: Verifiers
    # the UTC date KYC, scores and capabilities are judged on; tests pin it
    today: Callable[[], date] = field(default=utc_today)
    # when verifications happen (documents); tests pin it to ``today``
    now: Callable[[], datetime] = field(default=utc_now)
