"""People of one tenant calling the partner API: its admin (``client``), traders and back-office staff."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest

from backend.app.bootstrap import Container
from tests.actors import Actor, api_client
from tests.api.identity import rbac_helpers as h

OpenClient = Callable[[Actor], Awaitable[httpx.AsyncClient]]
StaffClient = Callable[..., Awaitable[httpx.AsyncClient]]


@pytest.fixture
async def open_client(container: Container) -> AsyncIterator[OpenClient]:
    """Opens an API client for an actor; every client opened is closed after the test."""
    async with contextlib.AsyncExitStack() as stack:

        async def open_(actor: Actor) -> httpx.AsyncClient:
            return await stack.enter_async_context(api_client(container, actor))

        yield open_


@pytest.fixture
def staff(container: Container, admin: Actor, open_client: OpenClient) -> StaffClient:
    """A client of a new, signed-in staff member of the admin's tenant holding ``roles``."""

    async def make(*roles: str) -> httpx.AsyncClient:
        return await open_client(await h.internal_user(container, admin, *roles))

    return make


@pytest.fixture
async def back_office(staff: StaffClient) -> httpx.AsyncClient:
    return await staff("back_office")


@pytest.fixture
async def trader(staff: StaffClient) -> httpx.AsyncClient:
    return await staff("trader")
