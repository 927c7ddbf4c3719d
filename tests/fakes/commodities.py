"""In-memory commodity repository and unit of work, behaving like the PostgreSQL ones.

Reads hand out fresh copies, writes are buffered until ``commit`` (an exit without commit is a
rollback), ``save`` refuses a stale version, and commit turns the tracked aggregates' domain events
into integration events, as ``SqlCommoditiesUnitOfWork`` writes them to its outbox.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable

from backend.core.errors import ConcurrencyConflict
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import SYSTEM_SCOPE, DataScope
from backend.modules.commodities.application.integration_events import to_integration_event
from backend.modules.commodities.domain.commodity import Commodity, CommodityId
from backend.modules.commodities.domain.errors import DuplicateCommodityCode
from backend.modules.commodities.domain.repository import CommodityFilter
from tests.fakes.memory import InMemoryOutbox, InMemoryUnitOfWork

Store = dict[uuid.UUID, Commodity]


def _stored_copy(commodity: Commodity) -> Commodity:
    stored = copy.deepcopy(commodity)
    stored.pull_events()  # the store holds state; events travel through the unit of work only
    stored.persisted_version = stored.version
    return stored


def _conflict(commodity: Commodity) -> ConcurrencyConflict:
    return ConcurrencyConflict(f"commodity {commodity.code} was changed by someone else; read it again and retry")


class InMemoryCommodityRepository:
    """``CommodityRepository`` over a dict; ``store`` is shared by the units of work of one test."""

    def __init__(self, store: Store | None = None, track: Callable[[Commodity], None] | None = None) -> None:
        self.store: Store = {} if store is None else store
        self._track = track or (lambda commodity: None)
        self._pending: Store = {}
        # version each pending write was based on (None: an insert), re-checked at commit
        self._based_on: dict[uuid.UUID, int | None] = {}

    def bind(self, track: Callable[[Commodity], None]) -> None:
        self._track = track

    def _visible(self) -> Store:
        return {**self.store, **self._pending}

    def _hand_out(self, stored: Commodity) -> Commodity:
        commodity = copy.deepcopy(stored)
        commodity.persisted_version = commodity.version
        self._track(commodity)
        return commodity

    async def add(self, commodity: Commodity) -> None:
        visible = self._visible()
        if commodity.id in visible or any(c.code == commodity.code for c in visible.values()):
            raise DuplicateCommodityCode(commodity.code)
        self._pending[commodity.id] = _stored_copy(commodity)
        self._based_on[commodity.id] = None
        commodity.persisted_version = commodity.version
        self._track(commodity)

    async def get(self, commodity_id: CommodityId) -> Commodity | None:
        stored = self._visible().get(commodity_id)
        return None if stored is None else self._hand_out(stored)

    async def get_by_code(self, code: str) -> Commodity | None:
        for stored in self._visible().values():
            if stored.code == code:
                return self._hand_out(stored)
        return None

    async def save(self, commodity: Commodity) -> None:
        current = self._visible().get(commodity.id)
        if current is None or current.version != commodity.persisted_version:
            raise _conflict(commodity)
        self._based_on.setdefault(commodity.id, current.version)
        self._pending[commodity.id] = _stored_copy(commodity)
        commodity.persisted_version = commodity.version

    async def existing(self, ids: set[CommodityId]) -> set[CommodityId]:
        return {commodity_id for commodity_id in ids if commodity_id in self._visible()}

    async def list(self, page: CommodityFilter) -> list[Commodity]:
        rows = sorted(self._visible().values(), key=lambda c: c.code)
        if page.after_code is not None:
            rows = [c for c in rows if c.code > page.after_code]
        if page.category is not None:
            rows = [c for c in rows if c.category == page.category]
        if page.active is not None:
            rows = [c for c in rows if c.active == page.active]
        return [self._hand_out(c) for c in rows[: page.limit]]

    def commit(self) -> None:
        """Apply the buffered writes, unless another unit of work got there first."""
        for commodity_id, base_version in self._based_on.items():
            pending = self._pending[commodity_id]
            stored = self.store.get(commodity_id)
            if base_version is None:
                if stored is not None or any(c.code == pending.code for c in self.store.values()):
                    raise DuplicateCommodityCode(pending.code)
            elif stored is None or stored.version != base_version:
                raise _conflict(pending)
        self.store.update(self._pending)
        self.rollback()

    def rollback(self) -> None:
        self._pending.clear()
        self._based_on.clear()


class InMemoryCommoditiesUnitOfWork(InMemoryUnitOfWork):
    """Single use, like ``SqlCommoditiesUnitOfWork``; ``published`` plays the outbox."""

    def __init__(
        self,
        store: Store,
        published: list[IntegrationEvent] | None = None,
        inbox: set[tuple[uuid.UUID, str]] | None = None,
        scope: DataScope = SYSTEM_SCOPE,
    ) -> None:
        published = [] if published is None else published
        super().__init__(published, set() if inbox is None else inbox, scope, to_integration_event)
        self._repository = InMemoryCommodityRepository(store, self.track)

    @property
    def commodities(self) -> InMemoryCommodityRepository:
        return self._repository

    def _write(self) -> None:
        self._repository.commit()

    def _discard(self) -> None:
        self._repository.rollback()


class FakeCommodities(InMemoryOutbox):
    """The state one test shares across units of work: stored aggregates, outbox and inbox."""

    def __init__(self) -> None:
        super().__init__()
        self.store: Store = {}
        self.uows: list[InMemoryCommoditiesUnitOfWork] = []

    def uow(self) -> InMemoryCommoditiesUnitOfWork:
        uow = InMemoryCommoditiesUnitOfWork(self.store, self.published, self.inbox)
        self.uows.append(uow)
        return uow
