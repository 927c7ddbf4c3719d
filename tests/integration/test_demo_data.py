"""``mandi demo`` data: a tenant whose admin finds partners in onboarding, created once."""

from __future__ import annotations

from backend.app.bootstrap import Container
from backend.app.demo import ensure_demo_tenant
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.partners.application.ports import PartnerFilter


async def test_the_demo_tenant_comes_with_partners_in_onboarding_once(container: Container) -> None:
    assert await ensure_demo_tenant(container) is True
    assert await ensure_demo_tenant(container) is False
    async with container.partners_uow(SYSTEM_SCOPE) as uow:
        ginners = await uow.partners.search(PartnerFilter(limit=10, name_prefix="Shree Ganesh Ginning"))
        mills = await uow.partners.search(PartnerFilter(limit=10, name_prefix="Kaveri Spinning"))
    statuses = {p.profile.legal_name: p.status.value for p in (*ginners, *mills)}
    assert statuses == {
        "Shree Ganesh Ginning Private Limited": "pending_review",
        "Kaveri Spinning Mills Limited": "draft",
    }
