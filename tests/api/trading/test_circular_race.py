"""One partner publishing a buy and a sell of one commodity at the same moment, as concurrent requests
on committed transactions: its postings of the commodity are serialised, so the second to go sees the
first and is refused as circular trading (422). Without that, each check ran before the other's
commit and both went live."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from backend.app.bootstrap import Container
from tests.actors import api_client, tenant_admin
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.trading import helpers as t
from tests.api.trading.committed import POSTINGS, forget_tenant
from tests.api.trading.risk_helpers import cancel, two_sided_market


async def test_a_buy_and_a_sell_published_at_once_cannot_both_go_live(
    committed_container: Callable[[], Container],
) -> None:
    container = committed_container()
    admin = await tenant_admin(container, "Circular Race Traders")
    try:
        async with (
            api_client(container, admin) as client,
            api_client(container, await h.internal_user(container, admin, "back_office")) as checker,
            api_client(container, admin) as sell_desk,
            api_client(container, admin) as buy_desk,
        ):
            m = await two_sided_market(client, checker, container)
            for _ in range(3):  # a lost race would show in one of a few rounds
                buy = t.requirement(m, buyer_partner_id=m.seller.id)
                buy["delivery_points"] = [{"location_id": m.seller.location_id, "max_distance_km": "400"}]
                draft_buy = t.ok(await client.post(t.REQUIREMENTS, json=buy), 201)
                draft_sell = t.ok(await client.post(t.AVAILABILITIES, json=t.availability(m)), 201)

                responses = await asyncio.gather(
                    sell_desk.post(f"{t.AVAILABILITIES}/{draft_sell['id']}/publish"),
                    buy_desk.post(f"{t.REQUIREMENTS}/{draft_buy['id']}/publish"),
                )

                statuses = sorted(response.status_code for response in responses)
                assert statuses == [200, 422], [response.text for response in responses]
                refused = next(response for response in responses if response.status_code == 422)
                assert_problem(refused, 422, "circular-trading")
                live = next(response for response in responses if response.status_code == 200).json()
                path = t.AVAILABILITIES if "seller_partner_id" in live else t.REQUIREMENTS
                await cancel(client, path, live["id"])
    finally:
        await forget_tenant(container, admin.tenant_id, POSTINGS)
