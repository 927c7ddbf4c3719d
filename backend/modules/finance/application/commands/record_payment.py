"""Record a payment received from the payer against a trade's receivable."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from backend.core.clock import utc_now
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.core.principal import Principal
from backend.modules.finance.application.access import RECORD_PAYMENTS, ensure_staff, reaches, visible
from backend.modules.finance.application.context import FinanceContext
from backend.modules.finance.application.views import PaymentOutcomeView, outcome_view
from backend.modules.finance.domain.enums import PaymentMethod
from backend.modules.finance.domain.errors import DuplicatePaymentReference, InvalidFinanceInput
from backend.modules.finance.domain.policies import normalized_reference, reference_errors
from backend.modules.finance.domain.receivable import NewPayment


@dataclass(frozen=True)
class RecordPayment:
    trade_id: uuid.UUID
    amount: Decimal
    currency: str
    received_on: date
    method: str
    reference: str


def _method(value: str) -> PaymentMethod:
    try:
        return PaymentMethod(value)
    except ValueError:
        known = ", ".join(m.value for m in PaymentMethod)
        raise InvalidFinanceInput([FieldError("method", f"must be one of {known}, not {value!r}")]) from None


async def record_payment(command: RecordPayment, actor: Principal, ctx: FinanceContext) -> PaymentOutcomeView:
    """A reference already recorded in the tenant is a 409 naming that payment when the caller may see
    it (checked first, so a client retrying a payment that went through hears so); the receivable
    refuses the rest."""
    ensure_staff(actor, "record payments")
    reference = normalized_reference(command.reference)
    now = utc_now()
    async with ctx.uow(actor.data_scope) as uow:
        found = await uow.receivables.get(command.trade_id, for_update=True)
        receivable = visible(actor, RECORD_PAYMENTS, found, command.trade_id)
        if not reference_errors(reference) and (taken := await uow.receivables.with_reference(reference)):
            holder = await uow.receivables.get(taken.trade_id)
            if holder is None or not reaches(actor, RECORD_PAYMENTS, holder):
                raise DuplicatePaymentReference(reference)  # the other receivable stays hidden
            raise DuplicatePaymentReference(reference, taken.payment_id, taken.trade_id)
        new = NewPayment(
            id=new_uuid(),
            amount=command.amount,
            currency=command.currency,
            received_on=command.received_on,
            method=_method(command.method),
            reference=reference,
            recorded_by=actor.user_id,
        )
        payment = receivable.receive(new, now)
        await uow.receivables.save(receivable)
        await uow.commit()
    return outcome_view(receivable, payment)
