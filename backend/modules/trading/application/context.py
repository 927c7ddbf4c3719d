"""Everything the trading use cases need, wired once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from backend.contracts.commodities.queries import CommodityFacade
from backend.contracts.partners.queries import PartnerFacade
from backend.contracts.risk.queries import RiskFacade
from backend.core.clock import utc_now
from backend.core.principal import DataScope
from backend.modules.trading.application.contract_ports import ContractTools
from backend.modules.trading.application.ports import RiskVerdicts, TradingUnitOfWork
from backend.modules.trading.application.settings import DealSettings, DefaultDealSettings


@dataclass(frozen=True)
class MatchingSettings:
    top_n: int = 10  # matches stored (and notified) per requirement
    # how many ranked candidates may be checked against partner facts and risk to fill top_n
    verify_limit: int = 50
    requirements_per_availability: int = 50  # the reverse trigger re-matches at most this many
    expiry_batch: int = 500
    negotiation_expiry_batch: int = 500


@dataclass(frozen=True)
class TradingContext:
    uow: Callable[[DataScope], TradingUnitOfWork]
    commodities: Callable[[DataScope], CommodityFacade]
    partners: Callable[[DataScope], PartnerFacade]
    risk: RiskVerdicts
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    # the buyer's credit check when an offer is accepted; None (tools, some tests): accepting refuses
    risk_facade: Callable[[DataScope], RiskFacade] | None = None
    deals: DealSettings = field(default_factory=DefaultDealSettings)
    now: Callable[[], datetime] = field(default=utc_now)
    # contract documents and signatures; None (tools, in-memory tests): contracts are refused and an
    # approved amendment issues no new contract version
    contracts: ContractTools | None = None
