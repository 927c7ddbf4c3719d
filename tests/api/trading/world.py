"""One tenant's trading in every state an endpoint can be called on, for the matrix tests, and the
means to prove what a request wrote: a snapshot of the tenant's trading rows, and its events.

``World`` holds a published availability partly sold by a booked trade (with its contract issued and
an amendment the buyer asked for, pending), an open negotiation with the seller's offer pending, an
open match nobody negotiates yet, and a draft of each posting. The market's ``second_seller`` takes
part in none of it: its partner user is the third party.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import String, cast, select
from sqlalchemy.sql.schema import Table

from backend.app.bootstrap import Container
from backend.modules.trading.infrastructure import amendment_tables, contract_tables, deal_tables, tables
from tests.api.trading import deal_helpers as d
from tests.api.trading import helpers as t
from tests.api.trading.endpoints import Endpoint
from tests.conftest import platform_session

TRADING_TABLES: tuple[Table, ...] = (
    tables.availabilities,
    tables.requirements,
    tables.matches,
    deal_tables.negotiations,
    deal_tables.offers,
    deal_tables.trades,
    deal_tables.trade_sequences,
    deal_tables.trade_status_history,
    amendment_tables.trade_terms_versions,
    amendment_tables.trade_amendments,
    contract_tables.contracts,
    contract_tables.contract_signatures,
    tables.outbox,
)

Snapshot = dict[str, list[str]]


@dataclass(frozen=True)
class World:
    market: t.Market
    availability: dict[str, Any]
    requirement: dict[str, Any]  # the one the trade fulfils
    trade: dict[str, Any]
    contract: dict[str, Any]
    amendment: dict[str, Any]  # pending, asked for by the buyer
    negotiation: dict[str, Any]  # open, the seller's offer pending
    token: str  # an open match's
    draft_availability: dict[str, Any]
    draft_requirement: dict[str, Any]

    @property
    def offer_id(self) -> str:
        offer_id: str = self.negotiation["offers"][-1]["id"]
        return offer_id

    @property
    def ids(self) -> dict[str, str]:
        """The path parameters of every endpoint, each naming a live resource of this world."""
        return {
            "availability_id": self.availability["id"],
            "requirement_id": self.requirement["id"],
            "match": self.token,
            "negotiation_id": self.negotiation["id"],
            "offer_id": self.offer_id,
            "trade_id": self.trade["id"],
            "amendment_id": self.amendment["id"],
        }


async def build(client: httpx.AsyncClient, m: t.Market) -> World:
    availability = await t.published(client, t.AVAILABILITIES, t.availability(m))
    trade = await d.booked(client, m)
    trade_url = f"{d.TRADES}/{trade['id']}"
    contract = t.ok(await client.post(f"{trade_url}/contract"), 201)
    ask = {"reason": "a better price", "price": "59000", "acting_for_partner_id": m.buyer.id}
    amendment = t.ok(await client.post(f"{trade_url}/amendments", json=ask), 201)
    started = await d.start(client, await d.match_token(client, m, max_price="62500"), m.buyer.id)
    negotiation = await d.offer(client, started["id"], m.seller.id)
    token = await d.match_token(client, m, max_price="62400")
    draft_availability = t.ok(await client.post(t.AVAILABILITIES, json=t.availability(m, price="61000")), 201)
    draft_requirement = t.ok(await client.post(t.REQUIREMENTS, json=t.requirement(m, max_price="61500")), 201)
    requirement_id = t.ok(await client.get(f"{d.NEGOTIATIONS}/{trade['negotiation_id']}"))["requirement_id"]
    return World(
        market=m,
        availability=t.ok(await client.get(f"{t.AVAILABILITIES}/{availability['id']}")),
        requirement=t.ok(await client.get(f"{t.REQUIREMENTS}/{requirement_id}")),
        trade=t.ok(await client.get(trade_url)),
        contract=contract,
        amendment=amendment,
        negotiation=negotiation,
        token=token,
        draft_availability=draft_availability,
        draft_requirement=draft_requirement,
    )


async def snapshot(
    container: Container, tenant_id: uuid.UUID | None, tables: Sequence[Table] = TRADING_TABLES
) -> Snapshot:
    """Every row of the tenant in ``tables`` (trading's), as text: equal snapshots mean nothing was
    written, not even a version or a timestamp."""
    rows: Snapshot = {}
    async with platform_session(container) as session:
        for table in tables:
            found = await session.execute(select(table).where(cast(table.c.tenant_id, String) == str(tenant_id)))
            rows[table.fullname] = sorted(repr(tuple(row)) for row in found)
    return rows


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The tables whose rows differ between two snapshots."""
    return [name for name in before if before[name] != after[name]]


async def events(container: Container, aggregate_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The trading events written for one aggregate (the outbox is shared by every test), oldest first."""
    statement = select(tables.outbox.c.wire_name, tables.outbox.c.payload).where(
        tables.outbox.c.aggregate_id == aggregate_id
    )
    async with container.session_factory() as session:
        return [(row.wire_name, row.payload) for row in await session.execute(statement.order_by(tables.outbox.c.seq))]


def _bodies(w: World) -> dict[str, dict[str, Any]]:
    m, buyer, seller = w.market, w.market.buyer.id, w.market.seller.id
    return {
        "POST /api/v1/availabilities": t.availability(m, price="60500"),
        "POST /api/v1/availabilities/{availability_id}/cancel": {"reason": "sold elsewhere"},
        "POST /api/v1/requirements": t.requirement(m, max_price="61800"),
        "POST /api/v1/requirements/{requirement_id}/cancel": {"reason": "bought elsewhere"},
        "POST /api/v1/matches/{match}/negotiations": {"acting_for_partner_id": buyer},
        "POST /api/v1/negotiations/{negotiation_id}/offers": d.offer_body(buyer, price="59800"),
        "POST /api/v1/negotiations/{negotiation_id}/offers/{offer_id}/accept": {"acting_for_partner_id": buyer},
        "POST /api/v1/negotiations/{negotiation_id}/offers/{offer_id}/reject": {
            "reason": "too dear",
            "acting_for_partner_id": buyer,
        },
        "POST /api/v1/negotiations/{negotiation_id}/withdraw": {"reason": "no stock", "acting_for_partner_id": seller},
        "POST /api/v1/trades/{trade_id}/status": {"status": "in_transit"},
        "POST /api/v1/trades/{trade_id}/amendments": {
            "reason": "a later date",
            "delivery_date": "2030-01-31",
            "acting_for_partner_id": seller,
        },
        "POST /api/v1/trades/{trade_id}/amendments/{amendment_id}/approve": {"acting_for_partner_id": seller},
        "POST /api/v1/trades/{trade_id}/amendments/{amendment_id}/reject": {
            "reason": "the gin disagrees",
            "acting_for_partner_id": seller,
        },
        "POST /api/v1/trades/{trade_id}/contract/signatures": {
            "tier": "basic",
            "document_sha256": w.contract["sha256"],
            "signer_name": "R. Patel",
            "confirm": True,
            "acting_for_partner_id": buyer,
        },
    }


def body_for(endpoint: Endpoint, w: World, *, partner_user: bool = False) -> dict[str, Any] | None:
    """The body the tenant's staff would send ``endpoint`` on this world's resources; a partner
    user's names no party (it acts for its own)."""
    body = _bodies(w).get(str(endpoint))
    if body is None or not partner_user:
        return body
    return {k: v for k, v in body.items() if k != "acting_for_partner_id"}
