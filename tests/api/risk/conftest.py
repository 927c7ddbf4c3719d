"""Set-up for the risk API tests: partners approved and trades booked through risk's own
subscribers (as the relay would deliver them), people with the roles that read and decide."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from backend.modules.risk.infrastructure.tables import outbox
from tests.actors import Actor
from tests.fakes.risk_events import partner_approved


@dataclass
class Desk:
    """A tenant whose risk context has heard of ``buyer`` (limit 1,000,000) and ``seller``."""

    container: Container
    admin: Actor
    buyer: uuid.UUID
    seller: uuid.UUID
    bus: InProcessBus

    @property
    def tenant(self) -> uuid.UUID:
        assert self.admin.tenant_id is not None
        return self.admin.tenant_id

    async def deliver(self, *events: IntegrationEvent) -> None:
        for event in events:
            await self.bus.publish(Envelope.wrap(event, tenant_id=str(self.tenant)))

    async def outbox(self, wire_name: str) -> list[dict[str, Any]]:
        async with self.container.session_factory() as session:
            rows = await session.execute(
                select(outbox.c.payload, outbox.c.actor_id)
                .where(outbox.c.wire_name == wire_name, outbox.c.tenant_id == str(self.tenant))
                .order_by(outbox.c.seq)
            )
            return [{**row.payload, "actor_id": row.actor_id} for row in rows]


@pytest.fixture
async def desk(container: Container, admin: Actor) -> Desk:
    bus = InProcessBus()
    register_risk_subscribers(bus, container.risk_uow, FixedBands())
    desk = Desk(container, admin, uuid.uuid4(), uuid.uuid4(), bus)
    await desk.deliver(
        partner_approved(desk.tenant, desk.buyer, "1000000"), partner_approved(desk.tenant, desk.seller, None)
    )
    return desk
