"""The facade on PostgreSQL: a partner user's request is judged on the whole tenant's trades (row-level
security would hide the counterparty's), and the credit check names the figures."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.app.bootstrap import Container
from backend.contracts.risk.queries import RiskPartyFacts
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.principal import DataScope
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.facade import RiskFacadeService
from backend.modules.risk.application.settings import FixedBands
from backend.modules.risk.application.subscribers import register_risk_subscribers
from backend.modules.risk.domain.errors import CreditLimitExceeded
from tests.fakes.risk_events import partner_approved, trade_confirmed


async def test_a_partner_users_request_sees_the_counterpartys_trades(container: Container) -> None:
    tenant, buyer, seller, other, cotton = (uuid.uuid4() for _ in range(5))
    bus = InProcessBus()
    register_risk_subscribers(bus, container.risk_uow, FixedBands())
    for event in (
        partner_approved(tenant, buyer, "100000"),
        trade_confirmed(tenant, buyer, other, cotton, amount="60000", gst="3000"),
        trade_confirmed(tenant, seller, other, cotton, amount="1000", gst="0"),  # the seller bought cotton
    ):
        await bus.publish(Envelope.wrap(event))
    facade = RiskFacadeService(RiskContext(container.risk_uow, FixedBands()), DataScope(tenant, buyer))

    verdict = await facade.assess(
        buyer, seller, cotton, Decimal("30000"), "INR", RiskPartyFacts(buyer), RiskPartyFacts(seller)
    )
    assert verdict.outcome == "fail"
    assert verdict.codes == ("circular.unsettled_opposite_trade", "credit.red_band")  # failing reasons first
    assert verdict.credit is not None
    assert (verdict.credit.exposure, verdict.credit.exposure_after, verdict.credit.band_after) == (
        Decimal("63000"),
        Decimal("93000"),
        "red",
    )
    assert (await facade.ensure_within_limit(buyer, Decimal("37000"), "INR")).available == Decimal("37000")
    with pytest.raises(CreditLimitExceeded) as refused:
        await facade.ensure_within_limit(buyer, Decimal("37000.01"), "INR")
    assert (refused.value.extra["exposure"], refused.value.extra["available"]) == ("63000", "37000")
