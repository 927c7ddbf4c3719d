"""Idle negotiations expire after 48 hours without an offer (the scheduled job), and their match closes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import httpx

from backend.app.bootstrap import Container
from backend.core.clock import utc_now
from backend.modules.trading.application.negotiation_expiry_job import expire_idle_negotiations
from tests.api.helpers import assert_problem
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t


async def test_an_idle_negotiation_expires_after_48_hours(
    client: httpx.AsyncClient, market: t.Market, container: Container
) -> None:
    await t.published(client, t.AVAILABILITIES, t.availability(market))
    negotiation = await d.offered(client, market)
    url = f"{d.NEGOTIATIONS}/{negotiation['id']}"
    assert {job.name for job in container.jobs()} >= {"trading.expire_negotiations"}

    soon = replace(container.trading, now=lambda: utc_now() + timedelta(hours=47))
    assert await expire_idle_negotiations(soon) == 0
    later = replace(container.trading, now=lambda: utc_now() + timedelta(hours=48, minutes=1))
    assert await expire_idle_negotiations(later) == 1

    expired = t.ok(await client.get(url))
    assert (expired["status"], expired["offers"][-1]["status"]) == ("expired", "expired")
    assert_problem(await d.accept(client, negotiation, market.buyer.id), 409, "negotiation-closed")
