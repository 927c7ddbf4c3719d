"""The in-process bus: every subscriber is tried, failures are reported together."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.contracts.commodities.events import CommodityCreatedV1, CommodityUpdatedV1
from backend.core.messaging.bus import DeliveryFailed, InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.messaging.events import IntegrationEvent


def created() -> CommodityCreatedV1:
    return CommodityCreatedV1(
        commodity_id=uuid.uuid4(),
        code="SUGAR",
        name="Sugar",
        category="softs",
        hsn_code="1701",
        gst_rate=Decimal("5"),
        base_unit="KG",
        units=(),
        varieties=(),
        active=True,
        version=1,
    )


class Recorder:
    def __init__(self, fail_with: Exception | None = None) -> None:
        self.seen: list[IntegrationEvent] = []
        self.fail_with = fail_with

    async def __call__(self, event: IntegrationEvent) -> None:
        self.seen.append(event)
        if self.fail_with is not None:
            raise self.fail_with


async def test_publish_calls_every_subscriber_of_the_wire_name() -> None:
    bus = InProcessBus()
    first, second, other = Recorder(), Recorder(), Recorder()
    bus.subscribe(CommodityCreatedV1.wire_name, "trading.on_commodity_created_a", first)
    bus.subscribe(CommodityCreatedV1.wire_name, "trading.on_commodity_created_b", second)
    bus.subscribe(CommodityUpdatedV1.wire_name, "trading.on_commodity_updated_c", other)
    event = created()

    await bus.publish(Envelope.wrap(event))

    assert first.seen == [event]
    assert second.seen == [event]
    assert other.seen == []


async def test_an_event_nobody_subscribes_to_is_delivered_trivially() -> None:
    await InProcessBus().publish(Envelope.wrap(created()))


async def test_all_subscribers_run_even_when_some_fail() -> None:
    bus = InProcessBus()
    broken = Recorder(fail_with=RuntimeError("credit service down"))
    healthy = Recorder()
    also_broken = Recorder(fail_with=ValueError("bad payload"))
    bus.subscribe(CommodityCreatedV1.wire_name, "risk.on_commodity_created_a", broken)
    bus.subscribe(CommodityCreatedV1.wire_name, "risk.on_commodity_created_b", healthy)
    bus.subscribe(CommodityCreatedV1.wire_name, "risk.on_commodity_created_c", also_broken)
    event = created()

    with pytest.raises(DeliveryFailed) as failed:
        await bus.publish(Envelope.wrap(event))

    assert broken.seen == healthy.seen == also_broken.seen == [event]
    assert set(failed.value.failures) == {"risk.on_commodity_created_a", "risk.on_commodity_created_c"}
    assert isinstance(failed.value.failures["risk.on_commodity_created_a"], RuntimeError)
    message = str(failed.value)
    assert CommodityCreatedV1.wire_name in message
    assert "risk.on_commodity_created_a" in message
    assert "risk.on_commodity_created_c" in message
    assert "risk.on_commodity_created_b" not in message


def test_a_consumer_subscribes_to_a_wire_name_once() -> None:
    bus = InProcessBus()
    bus.subscribe(CommodityCreatedV1.wire_name, "trading.on_commodity_created_x", Recorder())
    with pytest.raises(ValueError, match="already subscribes"):
        bus.subscribe(CommodityCreatedV1.wire_name, "trading.on_commodity_created_x", Recorder())
    # the same consumer may react to another event
    bus.subscribe(CommodityUpdatedV1.wire_name, "trading.on_commodity_created_x", Recorder())
    assert len(bus.subscriptions(CommodityCreatedV1.wire_name)) == 1
    assert bus.subscriptions("commodities.nothing.v1") == []
