"""Policies and views the cache tests cache."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from backend.contracts.commodities.events import CommodityUpdatedV1
from backend.core.cache import CachePolicy, CacheScope, JsonCodec

T = TypeVar("T")


@dataclass(frozen=True)
class PriceView:
    commodity: str
    price: Decimal
    as_of: datetime
    grades: tuple[str, ...] = ()


def price(commodity: str = "COTTON", amount: str = "61250.50") -> PriceView:
    return PriceView(commodity, Decimal(amount), datetime(2026, 11, 29, 10, 30, tzinfo=UTC), ("A", "B"))


PRICES = CachePolicy(
    name="test.prices",
    codec=JsonCodec(PriceView),
    ttl=timedelta(seconds=10),
    scope=CacheScope.TENANT,
    max_entries=100,
    invalidated_by=(CommodityUpdatedV1.wire_name,),
)
STALE_PRICES = CachePolicy(
    name="test.stale_prices",
    codec=JsonCodec(PriceView),
    ttl=timedelta(seconds=10),
    stale_while_revalidate=timedelta(seconds=20),
)
MY_PRICES = CachePolicy(
    name="test.my_prices", codec=JsonCodec(PriceView), ttl=timedelta(seconds=5), scope=CacheScope.USER
)
ALL_PRICES = CachePolicy(
    name="test.all_prices", codec=JsonCodec(PriceView), ttl=timedelta(seconds=10), scope=CacheScope.GLOBAL
)


class Loader:
    """Counts its loads; ``gate`` (when given) holds every load until it is set."""

    def __init__(self, value: PriceView | Callable[[], PriceView], gate: asyncio.Event | None = None) -> None:
        self._value = value
        self.gate = gate
        self.loads = 0
        self.started = asyncio.Event()

    async def __call__(self) -> PriceView:
        self.loads += 1
        self.started.set()
        if self.gate is not None:
            await self.gate.wait()
        return self._value() if callable(self._value) else self._value


async def failing() -> PriceView:
    raise LookupError("the source is down")


def constant(value: T) -> Callable[[], Awaitable[T]]:
    async def load() -> T:
        return value

    return load
