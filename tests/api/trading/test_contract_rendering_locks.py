"""A contract is rendered before the trade's row (and, for an amendment of the quantity, the
availability's) is locked: rendering costs a few hundred milliseconds of CPU, and acceptances of the
same lot would wait for it. On committed transactions, each rendering here first checks from another
connection that those rows can be locked at that moment (``FOR UPDATE NOWAIT``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backend.app.bootstrap import Container
from backend.modules.trading.application import contract_documents
from tests.actors import api_client, tenant_admin
from tests.api.identity import rbac_helpers as h
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t
from tests.api.trading.committed import CONTRACTS, forget_tenant
from tests.conftest import platform_session


class LockProbe:
    """Wraps the rendering: before each, tries to lock the watched rows without waiting."""

    def __init__(self) -> None:
        self.container: Container | None = None
        self.watched: dict[str, uuid.UUID] = {}
        self.renders: list[dict[str, bool]] = []

    async def free(self, table: str, row_id: uuid.UUID) -> bool:
        assert self.container is not None
        try:
            async with platform_session(self.container) as session:
                statement = text(f"SELECT id FROM trading.{table} WHERE id = :id FOR UPDATE NOWAIT")
                return (await session.execute(statement, {"id": row_id})).first() is not None
        except DBAPIError as error:
            if "could not obtain lock" not in str(error.orig):
                raise
            return False

    def wrap(self, render: Any) -> Any:
        async def probed(*args: Any, **kwargs: Any) -> Any:
            self.renders.append({table: await self.free(table, row) for table, row in self.watched.items()})
            return await render(*args, **kwargs)

        return probed


@pytest.fixture
def probe(monkeypatch: pytest.MonkeyPatch) -> LockProbe:
    probe = LockProbe()
    monkeypatch.setattr(contract_documents, "render_contract", probe.wrap(contract_documents.render_contract))
    return probe


async def test_contracts_render_with_trade_and_lot_unlocked(
    committed_container: Callable[[], Container], probe: LockProbe
) -> None:
    container = probe.container = committed_container()
    admin = await tenant_admin(container, "Contract Lock Traders")
    try:
        async with (
            api_client(container, admin) as client,
            api_client(container, await h.internal_user(container, admin, "back_office")) as checker,
        ):
            m = await t.market(client, checker)
            await container.relay.drain()  # risk learns the credit limits
            availability = await t.published(client, t.AVAILABILITIES, t.availability(m))
            trade = await d.booked(client, m)
            url = f"{d.TRADES}/{trade['id']}"
            probe.watched = {"trades": uuid.UUID(trade["id"]), "availabilities": uuid.UUID(availability["id"])}

            t.ok(await client.post(f"{url}/contract"), 201)
            t.ok(await client.post(f"{url}/contract"))  # the same document again: nothing changes
            ask = {"reason": "the mill needs more", "acting_for_partner_id": m.buyer.id, "quantity": "5100"}
            asked = t.ok(await client.post(f"{url}/amendments", json=ask), 201)
            approve = {"acting_for_partner_id": m.seller.id}
            amended = t.ok(await client.post(f"{url}/amendments/{asked['id']}/approve", json=approve))

            assert amended["quantity"] == "5100"
            contract = t.ok(await client.get(f"{url}/contract"))
            assert (contract["contract_version"], contract["terms_version"]) == (2, 2)
            free = {"trades": True, "availabilities": True}
            assert probe.renders == [free, free, free]  # one rendering per call, none under a lock
    finally:
        await forget_tenant(container, admin.tenant_id, CONTRACTS)
