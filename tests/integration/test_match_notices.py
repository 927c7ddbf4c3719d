"""A real match on real PostgreSQL: trading announces it, identity texts both parties' users by the
anonymous token (read back from ``identity.dev_messages``), and neither notice names the other side."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.app.bootstrap import Container
from tests.api.identity.auth_helpers import messages_to
from tests.api.partners import helpers as p
from tests.api.partners.conftest import back_office, open_client, staff
from tests.api.trading import helpers as t

__all__ = ["back_office", "open_client", "staff"]


async def mobiles_of(connection: AsyncConnection, partner_id: str) -> list[str]:
    await connection.execute(text("SELECT set_config('mandi.platform', 'on', true)"))
    rows = await connection.execute(
        text("SELECT mobile FROM identity.users WHERE partner_id = :partner ORDER BY mobile"),
        {"partner": uuid.UUID(partner_id)},
    )
    return list(rows.scalars())


async def notices(connection: AsyncConnection, mobiles: list[str], token: str) -> dict[str, list[str]]:
    return {mobile: [m for m in await messages_to(connection, mobile) if token in m] for mobile in mobiles}


def traces(partner: dict[str, Any]) -> set[str]:
    """What would give a partner away: its id, code and names."""
    profile = partner["profile"]
    names = {profile["legal_name"], profile.get("trade_name")}
    return {partner["id"], partner["code"], *(name for name in names if name)}


async def test_both_parties_users_are_told_of_the_match_by_its_token_only(
    client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container, connection: AsyncConnection
) -> None:
    m = await t.market(client, back_office)
    await container.relay.drain()  # identity makes each approved partner's contacts its users
    await t.published(client, t.AVAILABILITIES, t.availability(m))
    requirement = await t.published(client, t.REQUIREMENTS, t.requirement(m))
    [match] = t.ok(await client.post(f"{t.REQUIREMENTS}/{requirement['id']}/match"))["items"]
    token = match["token"]

    await container.relay.drain()  # trading.match_found.v1 reaches identity
    await container.relay.drain()  # a second pass finds nothing new to send

    buyer = t.ok(await client.get(f"{p.URL}/{m.buyer.id}"))
    seller = t.ok(await client.get(f"{p.URL}/{m.seller.id}"))
    buyer_mobiles, seller_mobiles = await mobiles_of(connection, m.buyer.id), await mobiles_of(connection, m.seller.id)
    assert buyer_mobiles
    assert seller_mobiles
    to_buyer = await notices(connection, buyer_mobiles, token)
    to_seller = await notices(connection, seller_mobiles, token)
    assert all(len(bodies) == 1 for bodies in [*to_buyer.values(), *to_seller.values()])
    [buyer_text] = {body for [body] in to_buyer.values()}
    [seller_text] = {body for [body] in to_seller.values()}
    assert "requirement has a new match" in buyer_text
    assert "availability matched a buyer's requirement" in seller_text
    assert not {trace for trace in traces(seller) if trace in buyer_text}
    assert not {trace for trace in traces(buyer) if trace in seller_text}

    # the seller whose availability was not posted is no party to this match
    bystanders = await mobiles_of(connection, m.second_seller.id)
    assert await notices(connection, bystanders, token) == {mobile: [] for mobile in bystanders}
