"""``ReceivableRepository`` on PostgreSQL: a receivables row per trade, a payments row per payment."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import astuple
from typing import Any

from sqlalchemy import ColumnElement, Row, Table, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.domain import AggregateRoot
from backend.core.errors import ConcurrencyConflict
from backend.core.principal import DataScope
from backend.db.scoping import within_reach
from backend.modules.finance.application.ports import PaymentRef, ReceivableFilter
from backend.modules.finance.domain.enums import PaymentMethod, ReceivableStatus
from backend.modules.finance.domain.payment import Payment
from backend.modules.finance.domain.receivable import Receivable
from backend.modules.finance.infrastructure.tables import payments, receivables

Track = Callable[[AggregateRoot], None]


def _payment(row: Row[Any]) -> Payment:
    return Payment(
        id=row.id,
        amount=row.amount,
        received_on=row.received_on,
        method=PaymentMethod(row.method),
        reference=row.reference,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        reversed_by=row.reversed_by,
        reversed_at=row.reversed_at,
        reversal_reason=row.reversal_reason,
    )


def _receivable_values(receivable: Receivable) -> dict[str, Any]:
    return {
        "invoice_amount": receivable.invoice_amount,
        "terms_version": receivable.terms_version,
        "status": receivable.status.value,
        "settled_at": receivable.settled_at,
        "cancelled_at": receivable.cancelled_at,
        "updated_at": receivable.updated_at,
        "version": receivable.version,
    }


def _reversal_values(payment: Payment) -> dict[str, Any]:
    return {
        "reversed_by": payment.reversed_by,
        "reversed_at": payment.reversed_at,
        "reversal_reason": payment.reversal_reason,
    }


class SqlReceivableRepository:
    def __init__(self, session: AsyncSession, track: Track, scope: DataScope) -> None:
        self._session = session
        self._track = track
        self._scope = scope
        # each receivable's payments as last stored: a save writes only the difference
        self._stored: dict[uuid.UUID, dict[uuid.UUID, tuple[Any, ...]]] = {}

    def _in_scope(self, table: Table) -> list[ColumnElement[bool]]:
        return [] if self._scope.platform else [table.c.tenant_id == self._scope.tenant_id]

    async def _load(self, rows: Sequence[Row[Any]]) -> list[Receivable]:
        if not rows:
            return []
        found = await self._session.execute(
            select(payments)
            .where(payments.c.trade_id.in_([r.trade_id for r in rows]))
            .order_by(payments.c.trade_id, payments.c.position)
        )
        by_trade: dict[uuid.UUID, list[Payment]] = {r.trade_id: [] for r in rows}
        for p in found:
            by_trade[p.trade_id].append(_payment(p))
        return [self._remember(self._receivable(row, by_trade[row.trade_id])) for row in rows]

    @staticmethod
    def _receivable(row: Row[Any], paid: list[Payment]) -> Receivable:
        return Receivable(
            trade_id=row.trade_id,
            tenant_id=row.tenant_id,
            trade_number=row.trade_number,
            payer_partner_id=row.payer_partner_id,
            seller_partner_id=row.seller_partner_id,
            branch_id=row.branch_id,
            commodity_id=row.commodity_id,
            currency=row.currency,
            invoice_amount=row.invoice_amount,
            terms_version=row.terms_version,
            status=ReceivableStatus(row.status),
            payments=paid,
            opened_at=row.opened_at,
            settled_at=row.settled_at,
            cancelled_at=row.cancelled_at,
            updated_at=row.updated_at,
            version=row.version,
            persisted_version=row.version,
        )

    def _remember(self, receivable: Receivable) -> Receivable:
        self._stored[receivable.trade_id] = {p.id: astuple(p) for p in receivable.payments}
        receivable.persisted_version = receivable.version
        self._track(receivable)
        return receivable

    async def get(self, trade_id: uuid.UUID, *, for_update: bool = False) -> Receivable | None:
        statement = select(receivables).where(receivables.c.trade_id == trade_id, *self._in_scope(receivables))
        if for_update:
            statement = statement.with_for_update()
        found = await self._load(list(await self._session.execute(statement)))
        return found[0] if found else None

    async def add(self, receivable: Receivable) -> None:
        values = {
            "trade_id": receivable.trade_id,
            "tenant_id": receivable.tenant_id,
            "trade_number": receivable.trade_number,
            "payer_partner_id": receivable.payer_partner_id,
            "seller_partner_id": receivable.seller_partner_id,
            "branch_id": receivable.branch_id,
            "commodity_id": receivable.commodity_id,
            "currency": receivable.currency,
            "opened_at": receivable.opened_at,
        }
        try:
            await self._session.execute(insert(receivables).values(**values, **_receivable_values(receivable)))
        except IntegrityError as error:
            if "pk_receivables" in str(error.orig):
                raise ConcurrencyConflict(f"trade {receivable.trade_id} got its receivable meanwhile") from error
            raise
        self._stored[receivable.trade_id] = {}
        await self._write_payments(receivable)
        self._remember(receivable)

    async def save(self, receivable: Receivable) -> None:
        result = await self._session.execute(
            update(receivables)
            .where(receivables.c.trade_id == receivable.trade_id, receivables.c.version == receivable.persisted_version)
            .values(**_receivable_values(receivable))
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConcurrencyConflict(
                f"the receivable of trade {receivable.trade_id} was changed by someone else; read it again and retry"
            )
        await self._write_payments(receivable)
        self._remember(receivable)

    async def _write_payments(self, receivable: Receivable) -> None:
        stored = self._stored.get(receivable.trade_id, {})
        for position, payment in enumerate(receivable.payments):
            before = stored.get(payment.id)
            if before is None:
                await self._insert_payment(receivable, payment, position)
            elif before != astuple(payment):
                await self._session.execute(
                    update(payments).where(payments.c.id == payment.id).values(**_reversal_values(payment))
                )

    async def _insert_payment(self, receivable: Receivable, payment: Payment, position: int) -> None:
        values = {
            "id": payment.id,
            "trade_id": receivable.trade_id,
            "tenant_id": receivable.tenant_id,
            "position": position,
            "amount": payment.amount,
            "received_on": payment.received_on,
            "method": payment.method.value,
            "reference": payment.reference,
            "recorded_by": payment.recorded_by,
            "recorded_at": payment.recorded_at,
            **_reversal_values(payment),
        }
        try:
            await self._session.execute(insert(payments).values(**values))
        except IntegrityError as error:
            if "uq_payments_tenant_id" in str(error.orig):
                raise ConcurrencyConflict(f"reference {payment.reference} was recorded meanwhile") from error
            raise

    async def of_payment(self, payment_id: uuid.UUID) -> uuid.UUID | None:
        statement = select(payments.c.trade_id).where(payments.c.id == payment_id, *self._in_scope(payments))
        found: uuid.UUID | None = await self._session.scalar(statement)
        return found

    async def with_reference(self, reference: str) -> PaymentRef | None:
        statement = select(payments.c.id, payments.c.trade_id).where(
            payments.c.reference == reference, *self._in_scope(payments)
        )
        row = (await self._session.execute(statement)).one_or_none()
        return None if row is None else PaymentRef(row.id, row.trade_id)

    async def list(self, page: ReceivableFilter) -> list[Receivable]:
        conditions = [*self._in_scope(receivables)]
        if page.reach is not None:
            conditions.append(within_reach(page.reach, receivables.c.commodity_id, receivables.c.branch_id))
        if page.status is not None:
            conditions.append(receivables.c.status == page.status.value)
        if page.payer_partner_id is not None:
            conditions.append(receivables.c.payer_partner_id == page.payer_partner_id)
        if page.after is not None:
            opened_at, trade_id = page.after
            conditions.append(
                or_(
                    receivables.c.opened_at < opened_at,
                    and_(receivables.c.opened_at == opened_at, receivables.c.trade_id < trade_id),
                )
            )
        statement = (
            select(receivables)
            .where(*conditions)
            .order_by(receivables.c.opened_at.desc(), receivables.c.trade_id.desc())
            .limit(page.limit)
        )
        return await self._load(list(await self._session.execute(statement)))
