"""People who call the API in tests: operators, tenant admins and users with chosen roles."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx

from backend.app.bootstrap import Container
from backend.app.main import create_app
from backend.modules.identity.application.commands.create_platform_admin import (
    CreatePlatformAdmin,
    create_platform_admin,
)
from backend.modules.identity.application.commands.create_tenant import CreateTenant, TenantAdmin, create_tenant
from backend.modules.identity.application.commands.login import Login, login
from backend.modules.identity.application.tokens import TokenPair

PASSWORD = "Corr3ct!Horse#Battery"


@dataclass(frozen=True)
class Actor:
    user_id: uuid.UUID
    tenant_id: uuid.UUID | None
    username: str
    token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@mandi.example"


async def sign_in(container: Container, username: str, password: str = PASSWORD) -> TokenPair:
    result = await login(Login(username, password), container.auth)
    assert isinstance(result, TokenPair), result
    return result


async def platform_operator(container: Container) -> Actor:
    email = unique_email("ops")
    user_id = await create_platform_admin(CreatePlatformAdmin(email, PASSWORD), container.auth)
    pair = await sign_in(container, email)
    return Actor(user_id, None, email, pair.access_token, pair.refresh_token)


async def tenant_admin(container: Container, name: str = "Rajkot Cotton Traders") -> Actor:
    email = unique_email("admin")
    created = await create_tenant(CreateTenant(name, "IN", "INR", admin=TenantAdmin(email, PASSWORD)), container.auth)
    assert created.admin_user_id is not None
    pair = await sign_in(container, email)
    return Actor(created.admin_user_id, created.tenant.id, email, pair.access_token, pair.refresh_token)


def api_client(container: Container, actor: Actor | None = None) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=create_app(container.settings, container), raise_app_exceptions=False)
    headers = actor.headers if actor else {}
    return httpx.AsyncClient(transport=transport, base_url="http://mandi.test", headers=headers)
