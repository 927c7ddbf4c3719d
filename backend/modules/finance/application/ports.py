"""What the finance use cases need from storage (implemented in infrastructure)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from backend.core.messaging.inbox import InboxUnitOfWork
from backend.core.principal import DataScope
from backend.core.reach import Reach
from backend.modules.finance.domain.enums import ReceivableStatus
from backend.modules.finance.domain.receivable import Receivable


@dataclass(frozen=True)
class ReceivableFilter:
    """Newest first, after the keyset ``after`` (opened_at, trade_id); ``reach`` None: every branch,
    commodity and the tenant-level book, else only the receivables one of its grants covers."""

    limit: int
    after: tuple[datetime, uuid.UUID] | None = None
    status: ReceivableStatus | None = None
    payer_partner_id: uuid.UUID | None = None
    reach: Reach | None = None


@dataclass(frozen=True)
class PaymentRef:
    payment_id: uuid.UUID
    trade_id: uuid.UUID


class ReceivableRepository(Protocol):
    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> Receivable | None:
        """The receivable of the trade with every payment, in the order recorded."""

    async def add(self, receivable: Receivable) -> None:
        """Insert; one receivable per trade (``ConcurrencyConflict`` when another was added first)."""

    async def save(self, receivable: Receivable) -> None:
        """Update from the version it was loaded at (``ConcurrencyConflict`` when it moved on), with
        its new and changed payments; a reference taken meanwhile is a ``ConcurrencyConflict``."""

    async def of_payment(self, payment_id: uuid.UUID) -> uuid.UUID | None:
        """The trade whose receivable holds the payment."""

    async def with_reference(self, reference: str) -> PaymentRef | None:
        """The tenant's payment carrying ``reference`` (normalized), if any."""

    async def list(self, page: ReceivableFilter) -> list[Receivable]: ...


class FinanceUnitOfWork(InboxUnitOfWork, Protocol):
    """Single use: ``async with``, then ``commit`` once (with the inbox claim of a subscriber)."""

    @property
    def receivables(self) -> ReceivableRepository: ...

    @property
    def scope(self) -> DataScope:
        """Whose data this unit of work may see and change."""
