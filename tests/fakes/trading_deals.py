"""In-memory negotiation and trade repositories, behaving like ``deal_repositories``' SQL ones.

Built on ``tests.fakes.memory.Versioned``: buffered writes, stale versions refused, re-checked at
commit. The scope rule is the deal tables' row-level security (the tenant and, for a partner user,
deals where its partner is buyer or seller); ``get`` and ``search`` also name the tenant, as the
SQL does, while ``idle_at`` (the expiry job's, in the system scope) sees every tenant. Row locks
are no-ops: one test runs one unit of work at a time. The trade counter is buffered like a row:
a rollback gives its numbers back, and a commit refuses a counter another unit of work moved on
meanwhile (PostgreSQL would have made it wait instead), so committed numbers have no gaps.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Generic, TypeVar

from backend.core.errors import ConcurrencyConflict, Conflict, Forbidden
from backend.core.principal import DataScope
from backend.modules.trading.application.ports import DealFilter
from backend.modules.trading.domain.enums import NegotiationStatus
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.negotiation import Negotiation
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.infrastructure import deal_mapping
from tests.fakes.memory import Versioned, hand_out
from tests.fakes.trading_stores import Track, TradeStatusLine, TradingStores, sees
from tests.fakes.trading_stores import Versioned as ScopedVersioned

D = TypeVar("D", Negotiation, Trade)


def _page(rows: list[D], page: DealFilter, order: str) -> list[D]:
    """``deal_repositories._deal_page``: either side's partner or branch, keyset pages, newest first."""
    found = [
        r
        for r in rows
        if (page.partner_id is None or page.partner_id in (r.buyer_partner_id, r.seller_partner_id))
        and (page.status is None or r.status.value == page.status)
        and (page.reach is None or page.reach.covers(r.commodity_id, r.branches.buyer, r.branches.seller))
        and (page.after is None or (getattr(r, order), r.id) < page.after)
    ]
    found.sort(key=lambda r: (getattr(r, order), r.id), reverse=True)
    return found[: page.limit]


def _copy(stored: D) -> D:
    """An untracked copy: searches are read-only, as in the SQL repositories."""
    return hand_out(stored, lambda _: None)


class _DealRows(Generic[D]):
    """What both deal repositories share: buffered rows and the parties' row-level security."""

    def __init__(self, store: dict[uuid.UUID, D], what: str, scope: DataScope, track: Track) -> None:
        self.rows: Versioned[D] = Versioned(store, lambda deal: f"{what} {deal.id}")
        self._what, self._scope, self._track = what, scope, track

    def sees(self, deal: Negotiation | Trade) -> bool:
        return sees(self._scope, deal.tenant_id, (deal.buyer_partner_id, deal.seller_partner_id))

    def visible(self) -> list[D]:
        return [deal for deal in self.rows.all().values() if self.sees(deal)]

    def in_tenant(self) -> list[D]:
        tenant = self._scope.tenant_id
        return [deal for deal in self.visible() if tenant is None or deal.tenant_id == tenant]

    def stage_insert(self, deal: D) -> None:
        if not self.sees(deal):  # the policy's WITH CHECK
            raise Forbidden(f"{self._what} {deal.id} is outside this unit of work's scope")
        if deal.id in self.rows.all():
            raise Conflict(f"{self._what} {deal.id} already exists")
        self.rows.insert(deal)
        self._track(deal)

    def stage_update(self, deal: D) -> None:
        current = self.rows.all().get(deal.id)
        if current is None or not self.sees(current):  # an UPDATE finds no row it may see
            raise self.rows.conflict(deal)
        self.rows.update(deal)

    def one(self, deal_id: uuid.UUID) -> D | None:
        found = next((deal for deal in self.in_tenant() if deal.id == deal_id), None)
        return None if found is None else hand_out(found, self._track)

    def check(self) -> None:
        self.rows.check()

    def apply(self) -> None:
        self.rows.apply()

    def discard(self) -> None:
        self.rows.discard()


class InMemoryNegotiationRepository(_DealRows[Negotiation]):
    def __init__(self, stores: TradingStores, scope: DataScope, track: Track, matches: ScopedVersioned[Match]) -> None:
        super().__init__(stores.negotiations, "negotiation", scope, track)
        self._matches = matches

    def _same_match(self, negotiation: Negotiation) -> bool:
        return any(
            other.match_id == negotiation.match_id and other.id != negotiation.id for other in self.rows.store.values()
        )

    async def add(self, negotiation: Negotiation) -> None:
        deal_mapping.negotiation_row(negotiation)  # what the SQL repository could not store, neither can this
        # the foreign key and the unique match are checked past row-level security, as PostgreSQL does
        if negotiation.match_id not in self._matches.all():
            raise Conflict(f"negotiation {negotiation.id} names no stored match {negotiation.match_id}")
        if any(other.match_id == negotiation.match_id for other in self.rows.all().values()):
            raise Conflict(f"match {negotiation.match_id} already has a negotiation")
        self.stage_insert(negotiation)

    async def get(self, negotiation_id: uuid.UUID, *, for_update: bool = False) -> Negotiation | None:
        return self.one(negotiation_id)

    async def save(self, negotiation: Negotiation) -> None:
        deal_mapping.negotiation_row(negotiation)
        self.stage_update(negotiation)

    async def search(self, page: DealFilter) -> list[Negotiation]:
        return [_copy(n) for n in _page(self.in_tenant(), page, "started_at")]

    async def idle_at(self, now: datetime, limit: int) -> list[Negotiation]:
        idle = [
            n
            for n in self.visible()
            if n.status is NegotiationStatus.OPEN and n.last_activity_at + n.idle_timeout <= now
        ]
        idle.sort(key=lambda n: n.last_activity_at)
        return [hand_out(n, self._track) for n in idle[:limit]]

    def check(self) -> None:
        self.rows.check(self._same_match)  # a negotiation of the same match committed meanwhile


class InMemoryTradeRepository(_DealRows[Trade]):
    def __init__(
        self, stores: TradingStores, scope: DataScope, track: Track, negotiations: Versioned[Negotiation]
    ) -> None:
        super().__init__(stores.trades, "trade", scope, track)
        self._stores, self._negotiations = stores, negotiations
        self._history: list[TradeStatusLine] = []
        self._sequences: dict[tuple[uuid.UUID, int], tuple[int, int]] = {}  # key: (read at, taken)

    def _line(self, trade: Trade, before: str | None, by: uuid.UUID) -> TradeStatusLine:
        return TradeStatusLine(trade.id, before, trade.status.value, by, trade.status_reason, trade.updated_at)

    @staticmethod
    def _clash(trade: Trade, other: Trade) -> bool:
        """The unique constraints: one trade per negotiation, one number per tenant."""
        same_number = (other.tenant_id, other.number) == (trade.tenant_id, trade.number)
        return other.id != trade.id and (other.negotiation_id == trade.negotiation_id or same_number)

    def _taken(self, trade: Trade) -> bool:
        return any(self._clash(trade, other) for other in self.rows.store.values())

    async def add(self, trade: Trade, *, by: uuid.UUID) -> None:
        deal_mapping.trade_row(trade)  # what the SQL repository cannot store, neither can this
        if trade.negotiation_id not in self._negotiations.all():
            raise Conflict(f"trade {trade.id} names no stored negotiation {trade.negotiation_id}")
        clash = next((other for other in self.rows.all().values() if self._clash(trade, other)), None)
        if clash is not None:
            raise Conflict(f"trade {trade.id} repeats the number or the negotiation of trade {clash.id}")
        self.stage_insert(trade)
        self._history.append(self._line(trade, None, by))

    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> Trade | None:
        return self.one(trade_id)

    async def save(self, trade: Trade, *, by: uuid.UUID) -> None:
        deal_mapping.trade_row(trade)
        current = self.rows.all().get(trade.id)
        before = None if current is None else current.status.value
        self.stage_update(trade)
        if before != trade.status.value:
            self._history.append(self._line(trade, before, by))

    async def search(self, page: DealFilter) -> list[Trade]:
        return [_copy(t) for t in _page(self.in_tenant(), page, "created_at")]

    async def next_sequence(self, year: int) -> int:
        tenant_id = self._scope.tenant_id
        if tenant_id is None:
            raise RuntimeError("trade numbers are per tenant; this unit of work has no tenant")
        key = (tenant_id, year)
        read_at, taken = self._sequences.get(key, (self._stores.trade_sequences.get(key, 0), 0))
        taken = max(taken, read_at) + 1
        self._sequences[key] = (read_at, taken)
        return taken

    def check(self) -> None:
        self.rows.check(self._taken)
        for key, (read_at, _) in self._sequences.items():
            if self._stores.trade_sequences.get(key, 0) != read_at:
                raise ConcurrencyConflict(f"the trade counter of {key[1]} moved on meanwhile; retry")

    def apply(self) -> None:
        self.rows.apply()
        self._stores.trade_sequences.update({key: taken for key, (_, taken) in self._sequences.items()})
        self._stores.trade_history.extend(self._history)
        self.discard()

    def discard(self) -> None:
        self.rows.discard()
        self._history.clear()
        self._sequences.clear()
