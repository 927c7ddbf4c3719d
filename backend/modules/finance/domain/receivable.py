"""Receivable: what the buyer of one confirmed trade owes, and the payments received against it.

The invoice amount is the trade amount plus its GST. ``paid`` is what counts of the payments:
received less reversed. ``outstanding = max(invoice - paid, 0)``; an amendment may lower the invoice
below what was paid, and the excess is then the payer's ``credit`` (a refund is a later step), never
a negative outstanding. A receivable is settled exactly when nothing is outstanding, and reopens
when a reversal or an amendment makes something outstanding again; a cancelled trade's receivable
stays cancelled (its payments stay on record and can still be reversed).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import TypedDict

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.modules.finance.domain import events as ev
from backend.modules.finance.domain import policies
from backend.modules.finance.domain.enums import PaymentMethod, ReceivableStatus, ReopenCause
from backend.modules.finance.domain.errors import (
    InvalidFinanceInput,
    PaymentExceedsOutstanding,
    PaymentNotFound,
    ReceivableCancelled,
)
from backend.modules.finance.domain.money import from_minor, money_errors, to_minor
from backend.modules.finance.domain.payment import Payment


def _refuse(errors: list[FieldError]) -> None:
    if errors:
        raise InvalidFinanceInput(errors)


class _Keys(TypedDict):
    tenant_id: uuid.UUID
    trade_id: uuid.UUID
    trade_number: str
    payer_partner_id: uuid.UUID
    currency: str


@dataclass(frozen=True)
class NewPayment:
    """A payment as it is recorded (the receivable checks it)."""

    id: uuid.UUID
    amount: Decimal
    currency: str
    received_on: date
    method: PaymentMethod
    reference: str
    recorded_by: uuid.UUID


@dataclass(eq=False)
class Receivable(AggregateRoot):
    trade_id: uuid.UUID
    tenant_id: uuid.UUID
    trade_number: str
    payer_partner_id: uuid.UUID  # the trade's buyer
    seller_partner_id: uuid.UUID
    branch_id: uuid.UUID | None  # the trade's branch; None: booked at tenant level
    currency: str
    invoice_amount: Decimal
    terms_version: int = 1  # of the trade terms the invoice amount follows
    status: ReceivableStatus = ReceivableStatus.OPEN
    payments: list[Payment] = field(default_factory=list)  # in the order recorded
    opened_at: datetime = field(default_factory=utc_now)
    settled_at: datetime | None = None
    cancelled_at: datetime | None = None
    updated_at: datetime = field(default_factory=utc_now)
    commodity_id: uuid.UUID | None = None  # the trade's: grants limited to commodities see their own
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @property
    def id(self) -> uuid.UUID:
        return self.trade_id  # one receivable per trade

    @classmethod
    def open(
        cls,
        *,
        trade_id: uuid.UUID,
        tenant_id: uuid.UUID,
        trade_number: str,
        payer_partner_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        branch_id: uuid.UUID | None,
        currency: str,
        invoice_amount: Decimal,
        now: datetime,
        commodity_id: uuid.UUID | None = None,
    ) -> Receivable:
        _refuse(money_errors(invoice_amount, currency, "invoice_amount"))
        receivable = cls(
            trade_id=trade_id,
            tenant_id=tenant_id,
            trade_number=trade_number,
            payer_partner_id=payer_partner_id,
            seller_partner_id=seller_partner_id,
            branch_id=branch_id,
            commodity_id=commodity_id,
            currency=currency,
            invoice_amount=invoice_amount,
            opened_at=now,
            updated_at=now,
        )
        receivable._follow_balance(now)  # a zero invoice is settled from the start
        return receivable

    # --- figures, exact in minor units ------------------------------------------------------------

    def _minor(self, amount: Decimal) -> int:
        return to_minor(amount, self.currency)

    def _sum(self, payments: list[Payment]) -> int:
        return sum(self._minor(p.amount) for p in payments)

    @property
    def received(self) -> Decimal:
        return from_minor(self._sum(self.payments), self.currency)

    @property
    def reversed(self) -> Decimal:
        return from_minor(self._sum([p for p in self.payments if p.reversed]), self.currency)

    @property
    def paid(self) -> Decimal:
        return from_minor(self._sum([p for p in self.payments if not p.reversed]), self.currency)

    @property
    def outstanding(self) -> Decimal:
        owed = self._minor(self.invoice_amount) - self._minor(self.paid)
        return from_minor(max(owed, 0), self.currency)

    @property
    def credit(self) -> Decimal:
        excess = self._minor(self.paid) - self._minor(self.invoice_amount)
        return from_minor(max(excess, 0), self.currency)

    def payment(self, payment_id: uuid.UUID) -> Payment:
        found = next((p for p in self.payments if p.id == payment_id), None)
        if found is None:
            raise PaymentNotFound(payment_id)
        return found

    # --- changes ----------------------------------------------------------------------------------

    def receive(self, new: NewPayment, now: datetime) -> Payment:
        """Record ``new``; refused on a cancelled trade (409), in another currency or beyond what is
        outstanding (422)."""
        if self.status is ReceivableStatus.CANCELLED:
            raise ReceivableCancelled(self.trade_id)
        errors = money_errors(new.amount, self.currency, "amount", positive=True)
        if new.currency != self.currency:
            errors.append(FieldError("currency", f"the receivable is in {self.currency}, not {new.currency}"))
        reference = policies.normalized_reference(new.reference)
        _refuse(errors + policies.reference_errors(reference) + policies.received_on_errors(new.received_on, now))
        if new.amount > self.outstanding:
            raise PaymentExceedsOutstanding(self.trade_id, self.outstanding, new.amount, self.currency)
        payment = Payment(new.id, new.amount, new.received_on, new.method, reference, new.recorded_by, now)
        self.payments.append(payment)
        self._touch(now)
        self.record(
            ev.PaymentReceived(
                **self._keys(),
                payment_id=payment.id,
                amount=payment.amount,
                received_on=payment.received_on,
                method=payment.method.value,
                reference=payment.reference,
                recorded_by=payment.recorded_by,
                outstanding_after=self.outstanding,
            )
        )
        self._follow_balance(now, payment_id=payment.id)
        return payment

    def reverse(self, payment_id: uuid.UUID, reason: str, by: uuid.UUID, now: datetime) -> Payment:
        """The payment counts no more (once only, 409 after); a settled receivable reopens."""
        _refuse(policies.reason_errors(reason))
        payment = self.payment(payment_id)
        payment.reverse(reason.strip(), by, now)
        self._touch(now)
        self.record(
            ev.PaymentReversed(
                **self._keys(),
                payment_id=payment.id,
                amount=payment.amount,
                reason=payment.reversal_reason or "",
                reversed_by=by,
                outstanding_after=self.outstanding,
            )
        )
        self._follow_balance(now, payment_id=payment.id, cause=ReopenCause.PAYMENT_REVERSED)
        return payment

    def revalue(self, invoice_amount: Decimal, terms_version: int, now: datetime) -> bool:
        """The trade's amended invoice amount; False for stale terms or a cancelled trade."""
        if self.status is ReceivableStatus.CANCELLED or terms_version <= self.terms_version:
            return False
        _refuse(money_errors(invoice_amount, self.currency, "invoice_amount"))
        self.invoice_amount, self.terms_version = invoice_amount, terms_version
        self._touch(now)
        self._follow_balance(now, payment_id=None, cause=ReopenCause.TRADE_AMENDED)
        return True

    def cancel(self, now: datetime) -> bool:
        if self.status is ReceivableStatus.CANCELLED:
            return False
        self.status, self.cancelled_at = ReceivableStatus.CANCELLED, now
        self._touch(now)
        return True

    def _follow_balance(
        self, now: datetime, *, payment_id: uuid.UUID | None = None, cause: ReopenCause | None = None
    ) -> None:
        """Settle when nothing is outstanding any more, reopen (for ``cause``) when something is again."""
        nothing_owed = self.outstanding == 0
        if self.status is ReceivableStatus.OPEN and nothing_owed:
            self.status, self.settled_at = ReceivableStatus.SETTLED, now
            self.record(
                ev.ReceivableSettled(
                    **self._keys(),
                    payment_id=payment_id,
                    invoice_amount=self.invoice_amount,
                    paid=self.paid,
                    credit=self.credit,
                )
            )
        elif self.status is ReceivableStatus.SETTLED and not nothing_owed:
            assert cause is not None, "only a reversal or an amendment raises what is owed"
            self.status, self.settled_at = ReceivableStatus.OPEN, None
            self.record(
                ev.ReceivableReopened(
                    **self._keys(),
                    payment_id=payment_id,
                    cause=cause.value,
                    invoice_amount=self.invoice_amount,
                    paid=self.paid,
                    outstanding_after=self.outstanding,
                )
            )

    def _keys(self) -> _Keys:
        return _Keys(
            tenant_id=self.tenant_id,
            trade_id=self.trade_id,
            trade_number=self.trade_number,
            payer_partner_id=self.payer_partner_id,
            currency=self.currency,
        )

    def _touch(self, now: datetime) -> None:
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = now
