"""The port through which use cases load and store commodities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from backend.modules.commodities.domain.commodity import Commodity, CommodityCategory, CommodityId


@dataclass(frozen=True)
class CommodityFilter:
    """Keyset page over codes: rows with a code after ``after_code``, in code order."""

    limit: int
    after_code: str | None = None
    category: CommodityCategory | None = None
    active: bool | None = None


class CommodityRepository(Protocol):
    async def add(self, commodity: Commodity) -> None:
        """Insert; raises ``DuplicateCommodityCode`` when the code is taken."""

    async def get(self, commodity_id: CommodityId) -> Commodity | None: ...

    async def get_by_code(self, code: str) -> Commodity | None: ...

    async def save(self, commodity: Commodity) -> None:
        """Store changes; raises ``ConcurrencyConflict`` when the stored version moved on."""

    async def list(self, page: CommodityFilter) -> list[Commodity]: ...

    async def existing(self, ids: set[CommodityId]) -> set[CommodityId]:
        """Those of ``ids`` that exist (and are visible)."""
