"""Set-up for the finance API tests: trades confirmed through finance's and risk's own subscribers
(as the relay would deliver them), finance's outbox relayed to risk by a real relay, and the outbox
read back for this tenant's events only (the tables are shared)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.contracts.trading.events import TradeConfirmedV1
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.relay import OutboxRelay
from backend.modules.finance.application.subscribers import register_finance_subscribers
from backend.modules.finance.infrastructure.tables import outbox, payments
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from tests.actors import Actor
from tests.api.risk.conftest import Desk
from tests.fakes.risk_events import partner_approved, trade_confirmed

TODAY = datetime.now(UTC).date().isoformat()


def payment_body(amount: str = "1000", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "amount": amount,
        "currency": "INR",
        "received_on": TODAY,
        "method": "neft",
        "reference": f"UTR{uuid.uuid4().hex[:16].upper()}",
    }
    return {**body, **overrides}


def payments_url(trade_id: uuid.UUID) -> str:
    return f"/api/v1/finance/receivables/{trade_id}/payments"


def reversal_url(payment_id: uuid.UUID | str) -> str:
    return f"/api/v1/finance/payments/{payment_id}/reversal"


class Ledger(Desk):
    """A tenant whose risk context knows ``buyer`` (limit 1,000,000) and ``seller``, whose finance
    context opens a receivable for each trade confirmed here."""

    async def trade(self, amount: str = "100000", gst: str = "5000", **overrides: Any) -> TradeConfirmedV1:
        commodity = overrides.pop("commodity", uuid.uuid4())
        confirmed = trade_confirmed(
            self.tenant, self.buyer, self.seller, commodity, amount=amount, gst=gst, **overrides
        )
        await self.deliver(confirmed)
        return confirmed

    async def relay(self) -> int:
        """Finance's outbox delivered to this ledger's subscribers by the real relay."""
        return await OutboxRelay(self.container.session_factory, (outbox,), self.bus).drain()

    async def outbox(self, wire_name: str | None = None) -> list[dict[str, Any]]:
        """Finance's outbox (risk's is ``Desk.outbox``), this tenant's events in order."""
        statement = select(outbox.c.wire_name, outbox.c.payload, outbox.c.actor_id).where(
            outbox.c.tenant_id == str(self.tenant)
        )
        if wire_name is not None:
            statement = statement.where(outbox.c.wire_name == wire_name)
        async with self.container.session_factory() as session:
            rows = await session.execute(statement.order_by(outbox.c.seq))
            return [{**row.payload, "wire_name": row.wire_name, "actor_id": row.actor_id} for row in rows]

    async def payment_count(self, trade_id: uuid.UUID) -> int:
        async with self.container.session_factory() as session:
            return len((await session.scalars(select(payments.c.id).where(payments.c.trade_id == trade_id))).all())


@pytest.fixture
async def ledger(container: Container, admin: Actor) -> Ledger:
    bus = InProcessBus()
    register_finance_subscribers(bus, container.finance_uow)
    register_risk_subscribers(bus, container.risk_uow, FixedBands())
    ledger = Ledger(container, admin, uuid.uuid4(), uuid.uuid4(), bus)
    await ledger.deliver(partner_approved(ledger.tenant, ledger.buyer, "1000000"))
    return ledger


async def pay(client: httpx.AsyncClient, trade_id: uuid.UUID, amount: str, **overrides: Any) -> dict[str, Any]:
    response = await client.post(payments_url(trade_id), json=payment_body(amount, **overrides))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body
