"""Everything the trading use cases need, wired once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from backend.contracts.commodities.queries import CommodityFacade
from backend.contracts.partners.queries import PartnerFacade
from backend.core.clock import utc_now
from backend.core.principal import DataScope
from backend.modules.trading.application.ports import RiskVerdicts, TradingUnitOfWork


@dataclass(frozen=True)
class MatchingSettings:
    top_n: int = 10  # matches stored (and notified) per requirement
    # how many ranked candidates may be checked against partner facts and risk to fill top_n
    verify_limit: int = 50
    requirements_per_availability: int = 50  # the reverse trigger re-matches at most this many
    expiry_batch: int = 500


@dataclass(frozen=True)
class TradingContext:
    uow: Callable[[DataScope], TradingUnitOfWork]
    commodities: Callable[[DataScope], CommodityFacade]
    partners: Callable[[DataScope], PartnerFacade]
    risk: RiskVerdicts
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    now: Callable[[], datetime] = field(default=utc_now)
