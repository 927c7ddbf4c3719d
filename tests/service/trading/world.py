"""The trading context on in-memory fakes: a tenant with cotton, a seller in Rajkot and a buyer in
Ahmedabad, a pinned clock, and the bus with trading's own subscribers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from backend.contracts.commodities.queries import CommodityRef
from backend.contracts.partners.queries import PartnerRef
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.principal import DataScope, Grant, Principal, UserKind
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.facade import RiskFacadeService
from backend.modules.risk.application.settings import FixedBands
from backend.modules.trading.application import access
from backend.modules.trading.application.context import MatchingSettings, TradingContext
from backend.modules.trading.application.subscribers import register_trading_subscribers
from tests.fakes.risk import FakeRisk
from tests.fakes.trading import FakeTrading
from tests.fakes.trading_facades import (
    AHMEDABAD,
    RAJKOT,
    FakeCommodityFacade,
    FakePartnerDirectory,
    FakeRiskVerdicts,
    cotton,
    place,
)

NOW = datetime(2026, 6, 15, 6, 30, tzinfo=UTC)  # noon in Kolkata
TENANT = uuid.UUID(int=1)
OTHER_TENANT = uuid.UUID(int=2)
PERMISSIONS = (access.READ, access.POST, access.MATCH)


def staff(tenant: uuid.UUID = TENANT) -> Principal:
    grants = dict.fromkeys(PERMISSIONS, (Grant(),))
    return Principal(uuid.uuid4(), UserKind.INTERNAL, tenant, grants=grants)


def partner_user(partner_id: uuid.UUID, tenant: uuid.UUID = TENANT) -> Principal:
    grants = dict.fromkeys(PERMISSIONS, (Grant(),))
    return Principal(uuid.uuid4(), UserKind.EXTERNAL, tenant, partner_id, grants=grants)


@dataclass
class World:
    fake: FakeTrading = field(default_factory=FakeTrading)
    commodities: FakeCommodityFacade = field(default_factory=FakeCommodityFacade)
    partners: FakePartnerDirectory = field(default_factory=FakePartnerDirectory)
    risk: FakeRiskVerdicts = field(default_factory=FakeRiskVerdicts)
    # the real risk facade on in-memory risk storage: circular trading and credit at acceptance
    risk_store: FakeRisk = field(default_factory=FakeRisk)
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    now: datetime = NOW
    cotton: CommodityRef = field(init=False)
    seller: PartnerRef = field(init=False)
    buyer: PartnerRef = field(init=False)
    bus: InProcessBus = field(init=False)

    def __post_init__(self) -> None:
        self.cotton = self.commodities.add(cotton())
        self.seller = self.partners.add(TENANT, "BP-IN-0001", place(RAJKOT, can_receive=False))
        self.buyer = self.partners.add(TENANT, "BP-IN-0002", place(AHMEDABAD, can_ship_from=False))
        self.bus = InProcessBus()
        register_trading_subscribers(self.bus, self.ctx)

    @property
    def ctx(self) -> TradingContext:
        return TradingContext(
            self.fake.uow,
            self.commodities,
            self.partners,
            self.risk,
            self.matching,
            risk_facade=self.risk_facade,
            now=lambda: self.now,
        )

    def risk_facade(self, scope: DataScope) -> RiskFacadeService:
        return RiskFacadeService(RiskContext(self.risk_store.uow, FixedBands()), scope)

    def set_matching(self, **changes: Any) -> None:
        """Change the matching settings; the subscribers are wired again with them."""
        self.matching = replace(self.matching, **changes)
        self.bus = InProcessBus()
        register_trading_subscribers(self.bus, self.ctx)

    def later(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def events(self, wire_name: str) -> list[Any]:
        return [e for e in self.fake.published if e.wire_name == wire_name]

    async def deliver(self) -> None:
        """Relay everything published so far to trading's subscribers, as the outbox relay would."""
        delivered = 0
        while delivered < len(self.fake.published):
            event = self.fake.published[delivered]
            delivered += 1
            await self.bus.publish(Envelope.wrap(event))
