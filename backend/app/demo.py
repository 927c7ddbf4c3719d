"""Demo data beyond the commodity catalogue: a tenant, its admin and partners in onboarding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backend.app.bootstrap import Container
from backend.core.principal import SYSTEM_SCOPE, Principal
from backend.modules.identity.application.commands.create_tenant import CreateTenant, TenantAdmin, create_tenant
from backend.modules.identity.application.commands.login import Login, login
from backend.modules.identity.application.tokens import TokenPair
from backend.modules.partners.application.commands.add_contact import AddContact, add_contact
from backend.modules.partners.application.commands.create_partner import CreatePartner, create_partner
from backend.modules.partners.application.commands.submit_partner import SubmitPartner, submit_partner
from backend.modules.partners.application.inputs import ContactInput, LocationInput
from backend.modules.partners.domain.enums import EntityClass, LegalForm, LocationKind, TaxKind, TradeRole
from backend.modules.partners.domain.locations import Address
from backend.modules.partners.domain.parts import TaxRegistration
from backend.modules.partners.domain.profile import PartnerProfile

DEMO_EMAIL = "admin@demo.mandi.local"
DEMO_PASSWORD = "Demo!Mandi-2026"  # noqa: S105 - a published demo credential for the local embedded database


async def ensure_demo_tenant(container: Container) -> bool:
    """Create the demo tenant once; False when it exists already."""
    async with container.identity_uow(SYSTEM_SCOPE) as uow:
        if await uow.users.by_username(DEMO_EMAIL) is not None:
            return False
    admin = TenantAdmin(DEMO_EMAIL, DEMO_PASSWORD, "Demo administrator")
    await create_tenant(CreateTenant("Demo Trading House", "IN", "INR", "Asia/Kolkata", admin), container.auth)
    signed_in = await login(Login(DEMO_EMAIL, DEMO_PASSWORD), container.auth)
    assert isinstance(signed_in, TokenPair)  # the demo admin has no second factor
    await _demo_partners(container, await container.authenticate(signed_in.access_token))
    return True


def _head_office(city: str, postal_code: str, state: str, state_code: str, gstin: str) -> LocationInput:
    address = Address(f"Plot 12, {city} Cotton Market Yard", city, postal_code, "IN", state=state)
    return LocationInput(
        LocationKind.HEAD_OFFICE, "Head office", address, state_code, gstin, None, True, True, True, True
    )


async def _demo_partners(container: Container, admin: Principal) -> None:
    """A ginner waiting for review and a spinning mill still in draft (real-format PAN and GSTIN)."""
    ginner = PartnerProfile(
        legal_name="Shree Ganesh Ginning Private Limited",
        country="IN",
        entity_class=EntityClass.BUSINESS_ENTITY,
        legal_form=LegalForm.PRIVATE_LIMITED,
        trade_role=TradeRole.SELLER,
        pan="AAPFU0939F",
        tax_registrations=(TaxRegistration(TaxKind.GSTIN, "27AAPFU0939F1ZV", "IN"),),
        registration_date=date(2012, 4, 1),
        annual_turnover=Decimal("180000000"),
        has_quality_lab=True,
    )
    office = _head_office("Akola", "444001", "Maharashtra", "27", "27AAPFU0939F1ZV")
    created = await create_partner(CreatePartner(ginner, office), admin, container.partners)
    contact = ContactInput("Ramesh Patil", "+919822000001", "ramesh@ganeshginning.example", "Director", True)
    await add_contact(AddContact(created.id, contact), admin, container.partners)
    await submit_partner(SubmitPartner(created.id), admin, container.partners)
    mill = PartnerProfile(
        legal_name="Kaveri Spinning Mills Limited",
        country="IN",
        entity_class=EntityClass.BUSINESS_ENTITY,
        legal_form=LegalForm.PUBLIC_LIMITED,
        trade_role=TradeRole.BUYER,
        pan="AAGCB7383J",
        tax_registrations=(TaxRegistration(TaxKind.GSTIN, "29AAGCB7383J1Z4", "IN"),),
        registration_date=date(1998, 7, 15),
        annual_turnover=Decimal("950000000"),
    )
    office = _head_office("Davanagere", "577001", "Karnataka", "29", "29AAGCB7383J1Z4")
    await create_partner(CreatePartner(mill, office), admin, container.partners)
