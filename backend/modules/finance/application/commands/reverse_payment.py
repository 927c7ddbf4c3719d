"""Reverse a recorded payment (a bounced cheque, a wrong credit), with the reason, maker-checker."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.clock import utc_now
from backend.core.principal import Principal, ensure_not_maker
from backend.modules.finance.application.access import REVERSE_PAYMENTS, ensure_staff, reaches
from backend.modules.finance.application.context import FinanceContext
from backend.modules.finance.application.views import PaymentOutcomeView, outcome_view
from backend.modules.finance.domain.errors import PaymentNotFound


@dataclass(frozen=True)
class ReversePayment:
    payment_id: uuid.UUID
    reason: str


async def reverse_payment(command: ReversePayment, actor: Principal, ctx: FinanceContext) -> PaymentOutcomeView:
    """Whoever recorded the payment cannot reverse it (a second person must); a payment is reversed
    once (409 after). A settled receivable reopens; a cancelled trade's stays cancelled."""
    ensure_staff(actor, "reverse payments")
    async with ctx.uow(actor.data_scope) as uow:
        trade_id = await uow.receivables.of_payment(command.payment_id)
        receivable = None if trade_id is None else await uow.receivables.get(trade_id, for_update=True)
        if receivable is None or not reaches(actor, REVERSE_PAYMENTS, receivable):
            raise PaymentNotFound(command.payment_id)
        ensure_not_maker(actor, receivable.payment(command.payment_id).recorded_by, "reverse this payment")
        payment = receivable.reverse(command.payment_id, command.reason, actor.user_id, utc_now())
        await uow.receivables.save(receivable)
        await uow.commit()
    return outcome_view(receivable, payment)
