"""Demo data beyond the commodity catalogue: a tenant, its admin, partners in onboarding and a small
cotton market (``demo_market``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.app.bootstrap import Container
from backend.app.demo_market import seed_demo_market
from backend.app.demo_partners import head_office, indian_business
from backend.app.demo_staff import signed_in
from backend.core.principal import SYSTEM_SCOPE, Principal
from backend.modules.identity.application.commands.create_tenant import CreateTenant, TenantAdmin, create_tenant
from backend.modules.partners.application.commands.add_contact import AddContact, add_contact
from backend.modules.partners.application.commands.create_partner import CreatePartner, create_partner
from backend.modules.partners.application.commands.submit_partner import SubmitPartner, submit_partner
from backend.modules.partners.application.inputs import ContactInput, LocationInput
from backend.modules.partners.domain.enums import LegalForm, TradeRole
from backend.modules.partners.domain.locations import Address

DEMO_EMAIL = "admin@demo.mandi.local"
DEMO_PASSWORD = "Demo!Mandi-2026"  # noqa: S105 - a published demo credential for the local embedded database


async def ensure_demo_tenant(container: Container) -> bool:
    """Create the demo tenant once; False when it exists already."""
    async with container.identity_uow(SYSTEM_SCOPE) as uow:
        if await uow.users.by_username(DEMO_EMAIL) is not None:
            return False
    owner = TenantAdmin(DEMO_EMAIL, DEMO_PASSWORD, "Demo administrator")
    await create_tenant(CreateTenant("Demo Trading House", "IN", "INR", "Asia/Kolkata", owner), container.auth)
    admin = await signed_in(container, DEMO_EMAIL, DEMO_PASSWORD)
    await _demo_partners(container, admin)
    await seed_demo_market(container, admin)
    return True


def _head_office(city: str, postal_code: str, state: str, gstin: str) -> LocationInput:
    return head_office(Address(f"Plot 12, {city} Cotton Market Yard", city, postal_code, "IN", state=state), gstin)


async def _demo_partners(container: Container, admin: Principal) -> None:
    """A ginner waiting for review and a spinning mill still in draft (real-format PAN and GSTIN)."""
    ginner = indian_business(
        "Shree Ganesh Ginning Private Limited",
        LegalForm.PRIVATE_LIMITED,
        TradeRole.SELLER,
        "27AAPFU0939F1ZV",
        date(2012, 4, 1),
        Decimal("180000000"),
        has_quality_lab=True,
    )
    office = _head_office("Akola", "444001", "Maharashtra", "27AAPFU0939F1ZV")
    created = await create_partner(CreatePartner(ginner, office), admin, container.partners)
    contact = ContactInput("Ramesh Patil", "+919822000001", "ramesh@ganeshginning.example", "Director", True)
    await add_contact(AddContact(created.id, contact), admin, container.partners)
    await submit_partner(SubmitPartner(created.id), admin, container.partners)
    mill = indian_business(
        "Kaveri Spinning Mills Limited",
        LegalForm.PUBLIC_LIMITED,
        TradeRole.BUYER,
        "29AAGCB7383J1Z4",
        date(1998, 7, 15),
        Decimal("950000000"),
    )
    office = _head_office("Davanagere", "577001", "Karnataka", "29AAGCB7383J1Z4")
    await create_partner(CreatePartner(mill, office), admin, container.partners)
