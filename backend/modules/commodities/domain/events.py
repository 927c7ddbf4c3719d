"""What happens to a commodity, as the aggregate records it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.domain import DomainEvent


@dataclass(frozen=True, kw_only=True)
class CommodityCreated(DomainEvent):
    commodity_id: uuid.UUID
    code: str
    version: int


@dataclass(frozen=True, kw_only=True)
class CommodityUpdated(DomainEvent):
    commodity_id: uuid.UUID
    code: str
    changed_fields: tuple[str, ...]
    version: int
