from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

import pytest

from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from tests.fakes.risk import FakeRisk

Deliver = Callable[..., Awaitable[None]]


@pytest.fixture
def risk() -> FakeRisk:
    return FakeRisk()


@pytest.fixture
def ctx(risk: FakeRisk) -> RiskContext:
    return RiskContext(uow=risk.uow, bands=FixedBands())


@pytest.fixture
def bus(risk: FakeRisk, ctx: RiskContext) -> InProcessBus:
    bus = InProcessBus()
    register_risk_subscribers(bus, risk.uow, ctx.bands)
    return bus


@pytest.fixture
def deliver(bus: InProcessBus) -> Deliver:
    """Publish each event on the bus, as the relay would."""

    async def publish(*events: IntegrationEvent) -> None:
        for event in events:
            await bus.publish(Envelope.wrap(event))

    return publish


@pytest.fixture
def tenant() -> uuid.UUID:
    return uuid.uuid4()
