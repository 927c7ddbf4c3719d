"""In-memory finance unit of work and receivable repository, behaving like the PostgreSQL ones.

Reads hand out fresh copies, writes are buffered until ``commit`` (an exit without commit is a
rollback), ``save`` refuses a stale version, a reference taken by another payment of the tenant is
refused at commit like the unique index refuses it, the scope limits what is seen like row-level
security does (a tenant's staff only: a partner's scope sees nothing), and commit turns the domain
events into integration events as ``SqlFinanceUnitOfWork`` writes them to its outbox.
"""

from __future__ import annotations

import uuid

from backend.core.errors import ConcurrencyConflict
from backend.core.principal import SYSTEM_SCOPE, DataScope, Grant, Principal, UserKind
from backend.modules.finance.application.integration_events import to_integration_event
from backend.modules.finance.application.ports import PaymentRef, ReceivableFilter
from backend.modules.finance.domain.receivable import Receivable
from tests.fakes.memory import InMemoryOutbox, InMemoryUnitOfWork, Track, Versioned, hand_out


class InMemoryReceivableRepository:
    def __init__(self, store: dict[uuid.UUID, Receivable], scope: DataScope, track: Track) -> None:
        self.rows: Versioned[Receivable] = Versioned(store, taken=ConcurrencyConflict)
        self._scope, self._track = scope, track

    def _sees(self, receivable: Receivable) -> bool:
        scope = self._scope
        return scope.platform or (receivable.tenant_id == scope.tenant_id and scope.partner_id is None)

    def _visible(self) -> list[Receivable]:
        return [r for r in self.rows.all().values() if self._sees(r)]

    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> Receivable | None:
        found = next((r for r in self._visible() if r.trade_id == trade_id), None)
        return None if found is None else hand_out(found, self._track)

    async def add(self, receivable: Receivable) -> None:
        self.rows.insert(receivable)
        self._track(receivable)

    async def save(self, receivable: Receivable) -> None:
        self.rows.update(receivable)

    async def of_payment(self, payment_id: uuid.UUID) -> uuid.UUID | None:
        return next((r.trade_id for r in self._visible() if any(p.id == payment_id for p in r.payments)), None)

    async def with_reference(self, reference: str) -> PaymentRef | None:
        return next(
            (PaymentRef(p.id, r.trade_id) for r in self._visible() for p in r.payments if p.reference == reference),
            None,
        )

    async def list(self, page: ReceivableFilter) -> list[Receivable]:
        def wanted(r: Receivable) -> bool:
            return (
                (page.after is None or (r.opened_at, r.trade_id) < page.after)
                and (page.status is None or r.status is page.status)
                and (page.payer_partner_id is None or r.payer_partner_id == page.payer_partner_id)
                and (page.reach is None or page.reach.covers(r.commodity_id, r.branch_id))
            )

        found = sorted((r for r in self._visible() if wanted(r)), key=lambda r: (r.opened_at, r.trade_id), reverse=True)
        return [hand_out(r, self._track) for r in found[: page.limit]]

    def reference_taken(self, pending: Receivable) -> bool:
        """Whether a payment of ``pending`` carries a reference another receivable of its tenant holds."""
        others = (r for r in self.rows.store.values() if r.tenant_id == pending.tenant_id and r.id != pending.id)
        taken = {p.reference for r in others for p in r.payments}
        return any(p.reference in taken for p in pending.payments)


class InMemoryFinanceUnitOfWork(InMemoryUnitOfWork):
    """Single use, like ``SqlFinanceUnitOfWork``; ``published`` plays the outbox."""

    def __init__(self, fake: FakeFinance, scope: DataScope) -> None:
        super().__init__(fake.published, fake.inbox, scope, to_integration_event)
        self._receivables = InMemoryReceivableRepository(fake.receivables, scope, self.track)

    @property
    def receivables(self) -> InMemoryReceivableRepository:
        return self._receivables

    def _write(self) -> None:
        rows = self._receivables.rows
        rows.check()
        for pending in rows.pending.values():
            if self._receivables.reference_taken(pending):
                raise ConcurrencyConflict("a payment reference was recorded meanwhile")
        rows.apply()

    def _discard(self) -> None:
        self._receivables.rows.discard()


class FakeFinance(InMemoryOutbox):
    """The state one test shares across units of work: stored receivables, outbox and inbox."""

    def __init__(self) -> None:
        super().__init__()
        self.receivables: dict[uuid.UUID, Receivable] = {}

    def uow(self, scope: DataScope = SYSTEM_SCOPE) -> InMemoryFinanceUnitOfWork:
        return InMemoryFinanceUnitOfWork(self, scope)


FINANCE_PERMISSIONS = ("finance.read", "finance.record_payments", "finance.reverse_payments")


def finance_staff(tenant_id: uuid.UUID, *codes: str, branches: frozenset[uuid.UUID] | None = None) -> Principal:
    """A tenant's finance person with ``codes`` (every finance permission when none), limited to
    ``branches`` when given."""
    grants = {code: (Grant(branches=branches),) for code in codes or FINANCE_PERMISSIONS}
    return Principal(uuid.uuid4(), UserKind.INTERNAL, tenant_id, grants=grants)


def finance_partner_user(tenant_id: uuid.UUID, partner_id: uuid.UUID) -> Principal:
    """A partner's person who was somehow granted every finance permission (a custom role)."""
    grants = {code: (Grant(),) for code in FINANCE_PERMISSIONS}
    return Principal(uuid.uuid4(), UserKind.EXTERNAL, tenant_id, partner_id, grants=grants)
