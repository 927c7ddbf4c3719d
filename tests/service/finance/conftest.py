"""Finance with in-memory fakes, its subscribers on a real bus; risk's fake beside it for the
reactions to finance's events (``Books.relay`` hands finance's outbox to risk, as the relay would)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from backend.contracts.trading.events import TradeConfirmedV1
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.core.principal import Principal
from backend.modules.finance.application.commands.record_payment import RecordPayment, record_payment
from backend.modules.finance.application.context import FinanceContext
from backend.modules.finance.application.subscribers import register_finance_subscribers
from backend.modules.finance.application.views import PaymentOutcomeView
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from tests.fakes.finance import FakeFinance, finance_staff
from tests.fakes.risk import FakeRisk
from tests.fakes.risk_events import trade_confirmed

TODAY = datetime.now(UTC).date()


@dataclass
class Books:
    tenant: uuid.UUID
    finance: FakeFinance = field(default_factory=FakeFinance)
    risk: FakeRisk = field(default_factory=FakeRisk)
    bus: InProcessBus = field(default_factory=InProcessBus)
    relayed: int = 0  # how many of finance's events risk has heard

    def __post_init__(self) -> None:
        register_finance_subscribers(self.bus, self.finance.uow)
        register_risk_subscribers(self.bus, self.risk.uow, FixedBands())

    @property
    def ctx(self) -> FinanceContext:
        return FinanceContext(self.finance.uow)

    @property
    def risk_ctx(self) -> RiskContext:
        return RiskContext(self.risk.uow, FixedBands())

    def clerk(self, *codes: str) -> Principal:
        return finance_staff(self.tenant, *codes)

    async def deliver(self, *events: IntegrationEvent) -> None:
        for event in events:
            await self.bus.publish(Envelope.wrap(event))

    async def relay(self) -> list[str]:
        """Deliver finance's events published since the last relay; their wire names."""
        fresh = self.finance.published[self.relayed :]
        self.relayed = len(self.finance.published)
        await self.deliver(*fresh)
        return [e.wire_name for e in fresh]

    async def trade(self, amount: str = "100000", gst: str = "5000", **overrides: Any) -> TradeConfirmedV1:
        buyer = overrides.pop("buyer", uuid.uuid4())
        seller = overrides.pop("seller", uuid.uuid4())
        commodity = overrides.pop("commodity", uuid.uuid4())
        confirmed = trade_confirmed(self.tenant, buyer, seller, commodity, amount=amount, gst=gst, **overrides)
        await self.deliver(confirmed)
        return confirmed

    async def pay(
        self, trade_id: uuid.UUID, amount: str, actor: Principal | None = None, **overrides: Any
    ) -> PaymentOutcomeView:
        fields: dict[str, Any] = {
            "trade_id": trade_id,
            "amount": Decimal(amount),
            "currency": "INR",
            "received_on": TODAY,
            "method": "neft",
            "reference": f"UTR{uuid.uuid4().hex[:16].upper()}",
        }
        return await record_payment(RecordPayment(**{**fields, **overrides}), actor or self.clerk(), self.ctx)


@pytest.fixture
def books() -> Books:
    return Books(uuid.uuid4())
