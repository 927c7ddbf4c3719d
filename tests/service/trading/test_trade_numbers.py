"""Trade numbers take the year where the seller ships from: in India a trade booked ten minutes after
midnight on 1 January is the new year's first, though it is still 31 December in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from tests.fakes.trading_facades import AHMEDABAD, place
from tests.service.trading.test_deals_flows import accept, desk, matched_token, offer, start
from tests.service.trading.world import TENANT, World

LOT = {"available_from": date(2026, 12, 31), "available_until": date(2027, 1, 15)}
NEED = {"delivery_from": date(2026, 12, 31), "delivery_until": date(2027, 1, 15)}


async def test_the_year_of_a_trade_number_is_the_ship_from_locations_year(world: World) -> None:
    world.now = datetime(2026, 12, 31, 18, 0, tzinfo=UTC)  # 23:30 in Kolkata
    one = desk(world)
    other = desk(world, place(AHMEDABAD, can_ship_from=False, kind="head_office"), code="BP-IN-0011")
    before = await offer(one, (await start(one, await matched_token(one, LOT, NEED))).id, one.buyer)
    second_lot = {**LOT, "price": Decimal(60100)}  # not a duplicate of the first
    after = await offer(other, (await start(other, await matched_token(other, second_lot, NEED))).id, other.buyer)

    world.now = datetime(2026, 12, 31, 18, 20, tzinfo=UTC)  # 23:50 on 31 December in Kolkata
    last_of_2026 = await accept(one, before, one.seller)
    world.now = datetime(2026, 12, 31, 18, 40, tzinfo=UTC)  # 00:10 on 1 January in Kolkata, 2026 in UTC
    first_of_2027 = await accept(other, after, other.seller)

    assert first_of_2027.ship_from.country == "IN"
    assert (last_of_2026.number, first_of_2027.number) == ("TR-2026-000001", "TR-2027-000001")
    assert world.fake.stores.trade_sequences == {(TENANT, 2026): 1, (TENANT, 2027): 1}
