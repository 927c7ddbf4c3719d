"""One buyer accepting two offers at once, with credit for one trade only, as concurrent requests on
committed transactions: the credit reservation taken under the exposure lock lets exactly one book
(201); the other is refused (422 naming limit, exposure and amount), and once risk has counted the
trade the exposure is that trade alone, with no reservation left holding credit."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from decimal import Decimal

from backend.app.bootstrap import Container
from backend.core.clock import utc_now
from backend.core.principal import DataScope
from backend.modules.risk.infrastructure import tables as risk
from tests.actors import api_client, tenant_admin
from tests.api.helpers import assert_problem
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t
from tests.api.trading.committed import DEALS, forget_tenant

CLEANED = (
    risk.credit_reservations,
    risk.exposure_trades,
    risk.exposures,
    risk.trade_records,
    risk.positions,
    risk.credit_limit_changes,
    risk.credit_limits,
    *DEALS,
)


async def test_one_buyers_credit_is_taken_by_exactly_one_of_two_concurrent_acceptances(
    committed_container: Callable[[], Container],
) -> None:
    container = committed_container()
    admin = await tenant_admin(container, "Credit Race Cotton Traders")
    try:
        async with (
            api_client(container, admin) as client,
            api_client(container, await h.internal_user(container, admin, "back_office")) as checker,
            api_client(container, admin) as first_desk,
            api_client(container, admin) as second_desk,
        ):
            m = await t.market(client, checker)
            await container.relay.drain()  # risk learns the buyer's credit limit (3,000,000 INR)
            # 60 bales of each is about 1.8 million INR with GST: one fits under the limit, two do not
            await t.published(client, t.AVAILABILITIES, t.availability(m))
            first = await d.start(client, await d.match_token(client, m), m.buyer.id)
            await t.published(client, t.AVAILABILITIES, t.availability(m, m.second_seller, price="59000"))
            second = await d.start(client, await d.match_token(client, m, max_price="59500"), m.buyer.id)
            assert second["seller"]["partner_id"] == m.second_seller.id
            offers = [
                await d.offer(client, first["id"], m.seller.id, bales="60"),
                await d.offer(client, second["id"], m.second_seller.id, price="59000", bales="60"),
            ]

            responses = await asyncio.gather(
                d.accept(first_desk, offers[0], m.buyer.id),
                d.accept(second_desk, offers[1], m.buyer.id),
            )

            statuses = sorted(response.status_code for response in responses)
            assert statuses == [201, 422], [response.text for response in responses]
            winner = next(r for r in responses if r.status_code == 201).json()
            loser = next(r for r in responses if r.status_code == 422)
            problem = assert_problem(loser, 422, "credit-limit-exceeded")
            refused = next(o for o, r in zip(offers, responses, strict=True) if r.status_code == 422)
            quantity, price = Decimal(10200), Decimal(refused["offers"][-1]["price"])
            amount = (quantity * price / Decimal("355.56")).quantize(Decimal("0.01"))
            total = amount + (amount * Decimal("0.025")).quantize(Decimal("0.01")) * 2
            # the winner's reservation counts as exposure while its trade is on its way to risk
            assert (Decimal(problem["limit"]), Decimal(problem["exposure"])) == (
                Decimal(3_000_000),
                Decimal(winner["total"]),
            )
            assert Decimal(problem["amount"]) == total
            assert [trade["id"] for trade in t.ok(await client.get(d.TRADES))["items"]] == [winner["id"]]

            await container.relay.drain()  # risk counts the trade and consumes its reservation
            exposure = t.ok(await client.get(f"/api/v1/risk/partners/{m.buyer.id}/exposure"))
            assert (Decimal(exposure["exposure"]), exposure["open_trades"]) == (Decimal(winner["total"]), 1)
            async with container.risk_uow(DataScope(admin.tenant_id)) as uow:
                assert await uow.reservations.held(uuid.UUID(m.buyer.id), "INR", utc_now()) == Decimal(0)
    finally:
        await forget_tenant(container, admin.tenant_id, CLEANED)
