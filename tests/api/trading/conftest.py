"""The trading API tests reuse the partner API's actors (admin ``client``, ``back_office``, ``staff``)."""

from __future__ import annotations

import httpx
import pytest

from backend.app.bootstrap import Container
from tests.api.partners.conftest import back_office, open_client, staff, trader
from tests.api.trading import helpers as t

__all__ = ["back_office", "market", "open_client", "staff", "trader"]


@pytest.fixture
async def market(client: httpx.AsyncClient, back_office: httpx.AsyncClient, container: Container) -> t.Market:
    """The cotton market of ``helpers.market``, with risk told the partners' credit limits."""
    m = await t.market(client, back_office)
    await container.relay.drain()
    return m
