"""Everything the finance use cases need, wired once by the composition root."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backend.core.principal import DataScope
from backend.modules.finance.application.ports import FinanceUnitOfWork


@dataclass(frozen=True)
class FinanceContext:
    uow: Callable[[DataScope], FinanceUnitOfWork]
