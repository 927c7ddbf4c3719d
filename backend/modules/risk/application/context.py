"""Everything the risk use cases need, wired once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backend.core.principal import DataScope
from backend.modules.risk.application.ports import BandsSource, RiskUnitOfWork


@dataclass(frozen=True)
class RiskContext:
    uow: Callable[[DataScope], RiskUnitOfWork]
    bands: BandsSource
