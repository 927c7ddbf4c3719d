"""From a confirmed trade to a settled receivable and back, over HTTP and the real relay: risk's
exposure falls with each payment, the settled trade stops blocking the buyer's sales (circular
trading), and a reversal restores the exposure and the block."""

from __future__ import annotations

import uuid

import httpx

from backend.core.principal import DataScope
from backend.modules.risk.domain.errors import CircularTradingRefused
from tests.actors import api_client
from tests.api.finance.conftest import Ledger, pay, reversal_url
from tests.api.identity import rbac_helpers as h


async def _exposure(client: httpx.AsyncClient, partner: uuid.UUID) -> tuple[str, str, int]:
    response = await client.get(f"/api/v1/risk/partners/{partner}/exposure")
    assert response.status_code == 200, response.text
    body = response.json()
    return body["exposure"], body["band"], body["open_trades"]


async def _may_sell(ledger: Ledger, commodity: uuid.UUID) -> bool:
    facade = ledger.container.risk_facade(DataScope(ledger.tenant))
    try:
        await facade.ensure_posting_allowed(ledger.buyer, commodity, "sell")
    except CircularTradingRefused:
        return False
    return True


async def _trade_record_status(ledger: Ledger, trade_id: uuid.UUID) -> str:
    async with ledger.container.risk_uow(DataScope(ledger.tenant)) as uow:
        record = await uow.trades.get(trade_id)
    assert record is not None
    return record.status.value


async def test_payment_to_settlement_and_a_reversal_back(client: httpx.AsyncClient, ledger: Ledger) -> None:
    cotton = uuid.uuid4()
    confirmed = await ledger.trade(amount="600000", gst="30000", commodity=cotton)
    assert await _exposure(client, ledger.buyer) == ("630000", "yellow", 1)
    assert not await _may_sell(ledger, cotton)

    first = await pay(client, confirmed.trade_id, "230000.75")
    assert await ledger.relay() == 1
    assert await _exposure(client, ledger.buyer) == ("399999.25", "green", 1)
    assert not await _may_sell(ledger, cotton)  # paid in part: still unsettled

    last = await pay(client, confirmed.trade_id, "399999.25", method="rtgs")
    assert last["receivable"]["status"] == "settled"
    assert await ledger.relay() == 2  # the payment and the settlement
    assert await _exposure(client, ledger.buyer) == ("0", "green", 0)
    assert await _trade_record_status(ledger, confirmed.trade_id) == "settled"
    assert await _may_sell(ledger, cotton)

    checker = await h.internal_user(ledger.container, ledger.admin, "finance")
    async with api_client(ledger.container, checker) as finance:
        reversed_ = await finance.post(reversal_url(first["payment"]["id"]), json={"reason": "RTGS recalled by bank"})
    assert reversed_.status_code == 201, reversed_.text
    assert await ledger.relay() == 2  # the reversal and the reopening
    assert await _exposure(client, ledger.buyer) == ("230000.75", "green", 1)
    assert await _trade_record_status(ledger, confirmed.trade_id) == "open"
    assert not await _may_sell(ledger, cotton)

    names = [e["wire_name"] for e in await ledger.outbox()]
    assert names == [
        "finance.payment_received.v1",
        "finance.payment_received.v1",
        "finance.receivable_settled.v1",
        "finance.payment_reversed.v1",
        "finance.receivable_reopened.v1",
    ]
    assert await ledger.relay() == 0  # everything delivered once
