"""Demo data beyond the commodity catalogue: a tenant and its admin that a first look can sign in as."""

from __future__ import annotations

from backend.app.bootstrap import Container
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.commands.create_tenant import CreateTenant, TenantAdmin, create_tenant

DEMO_EMAIL = "admin@demo.mandi.local"
DEMO_PASSWORD = "Demo!Mandi-2026"  # noqa: S105 - a published demo credential for the local embedded database


async def ensure_demo_tenant(container: Container) -> bool:
    """Create the demo tenant once; False when it exists already."""
    async with container.identity_uow(SYSTEM_SCOPE) as uow:
        if await uow.users.by_username(DEMO_EMAIL) is not None:
            return False
    admin = TenantAdmin(DEMO_EMAIL, DEMO_PASSWORD, "Demo administrator")
    await create_tenant(CreateTenant("Demo Trading House", "IN", "INR", "Asia/Kolkata", admin), container.auth)
    return True
