"""Two buyers racing for the last bales, as concurrent requests on committed transactions: the
availability's row lock lets exactly one win (201); the other gets a 409, and the quantities add up."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from backend.app.bootstrap import Container
from tests.actors import api_client, tenant_admin
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t
from tests.api.trading.committed import DEALS, forget_tenant


async def test_two_buyers_race_for_the_last_bales_and_exactly_one_wins(
    committed_container: Callable[[], Container],
) -> None:
    container = committed_container()
    admin = await tenant_admin(container, "Race Cotton Traders")
    try:
        async with (
            api_client(container, admin) as client,
            api_client(container, await h.internal_user(container, admin, "back_office")) as checker,
            api_client(container, admin) as first_desk,
            api_client(container, admin) as second_desk,
        ):
            m = await t.market(client, checker)
            rival = await t.party(client, checker, "24", t.RAJKOT, ["domestic_buy"])
            await container.relay.drain()  # risk learns both buyers' credit limits
            availability = await t.published(client, t.AVAILABILITIES, t.availability(m))
            offers = []
            for buyer in (m.buyer, rival):
                negotiation = await d.start(client, await d.match_token(client, m, buyer=buyer), buyer.id)
                offers.append((await d.offer(client, negotiation["id"], m.seller.id, bales="60"), buyer))

            responses = await asyncio.gather(
                d.accept(first_desk, offers[0][0], offers[0][1].id),
                d.accept(second_desk, offers[1][0], offers[1][1].id),
            )

            statuses = sorted(response.status_code for response in responses)
            assert statuses == [201, 409], [response.text for response in responses]
            loser = next(response for response in responses if response.status_code == 409)
            problem = assert_problem(loser, 409, "insufficient-quantity")
            assert (problem["requested"], problem["left"]) == ("10200", "6800")
            winner = next(response for response in responses if response.status_code == 201).json()
            assert winner["number"] == f"TR-{d.year()}-000001"
            after = t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}"))
            quantities = (after["available"], after["reserved"], after["sold"], after["total"])
            assert quantities == ("6800", "0", "10200", "17000")
            assert [trade["id"] for trade in t.ok(await client.get(d.TRADES))["items"]] == [winner["id"]]
    finally:
        await forget_tenant(container, admin.tenant_id, DEALS)
