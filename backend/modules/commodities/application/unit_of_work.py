"""The unit of work port the commodity use cases run in."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from backend.core.principal import DataScope
from backend.modules.commodities.domain.repository import CommodityRepository


class CommoditiesUnitOfWork(Protocol):
    @property
    def commodities(self) -> CommodityRepository: ...

    @property
    def scope(self) -> DataScope:
        """Whose data this unit of work may see and change."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...
