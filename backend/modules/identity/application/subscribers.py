"""Identity's reactions to other contexts' events (each idempotent through the inbox)."""

from __future__ import annotations

import uuid

from backend.contracts.partners.events import AmendmentApprovedV1, PartnerApprovedV1
from backend.contracts.trading.events import MatchFoundV1
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.core.principal import DataScope
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.commands.provision_partner_users import (
    PartnerContact,
    ProvisionPartnerUsers,
    provision_partner_users,
)
from backend.modules.identity.application.match_notices import NOTIFY_MATCH_PARTIES, on_match_found_notify_parties
from backend.modules.identity.application.ports import IdentityUnitOfWork

PROVISION_PARTNER_USERS = "identity.on_partner_approved_provision_users"
PROVISION_AMENDED_CONTACT = "identity.on_contact_amendment_provision_user"
CONTACT_CHANGE = "contact_change"


async def _provision(event: IntegrationEvent, uow: IdentityUnitOfWork) -> None:
    if not isinstance(event, PartnerApprovedV1):
        return
    command = ProvisionPartnerUsers(
        tenant_id=event.tenant_id,
        partner_id=event.partner_id,
        partner_code=event.partner_code,
        partner_name=event.legal_name,
        contacts=tuple(PartnerContact(c.id, c.full_name, c.mobile, c.email, c.primary) for c in event.contacts),
    )
    await provision_partner_users(command, uow)


async def on_partner_approved_provision_users(event: IntegrationEvent, ctx: AuthContext) -> None:
    """The partner's tenant scope: its roles, and users as that tenant sees them."""
    if not isinstance(event, PartnerApprovedV1):
        return
    scope = DataScope(tenant_id=event.tenant_id)
    await idempotent(PROVISION_PARTNER_USERS, lambda: ctx.uow(scope), _provision)(event)


async def _provision_amended_contact(event: IntegrationEvent, uow: IdentityUnitOfWork) -> None:
    if not isinstance(event, AmendmentApprovedV1) or event.kind != CONTACT_CHANGE:
        return
    contact = event.new_value
    command = ProvisionPartnerUsers(
        tenant_id=event.tenant_id,
        partner_id=event.partner_id,
        partner_code=event.partner_code,
        partner_name=None,
        contacts=(
            PartnerContact(
                uuid.UUID(str(contact["id"])),
                str(contact["full_name"]),
                str(contact["mobile"]),
                None if contact.get("email") is None else str(contact["email"]),
                bool(contact.get("primary", False)),
            ),
        ),
    )
    await provision_partner_users(command, uow)


async def on_contact_amendment_provision_user(event: IntegrationEvent, ctx: AuthContext) -> None:
    """A contact added or replaced by an approved amendment becomes a partner user too."""
    if not isinstance(event, AmendmentApprovedV1) or event.kind != CONTACT_CHANGE:
        return
    scope = DataScope(tenant_id=event.tenant_id)
    await idempotent(PROVISION_AMENDED_CONTACT, lambda: ctx.uow(scope), _provision_amended_contact)(event)


def register_identity_subscribers(bus: InProcessBus, ctx: AuthContext) -> None:
    async def provision(event: IntegrationEvent) -> None:
        await on_partner_approved_provision_users(event, ctx)

    async def provision_amended(event: IntegrationEvent) -> None:
        await on_contact_amendment_provision_user(event, ctx)

    async def notify_match(event: IntegrationEvent) -> None:
        await on_match_found_notify_parties(event, ctx)

    bus.subscribe(PartnerApprovedV1.wire_name, PROVISION_PARTNER_USERS, provision)
    bus.subscribe(AmendmentApprovedV1.wire_name, PROVISION_AMENDED_CONTACT, provision_amended)
    bus.subscribe(MatchFoundV1.wire_name, NOTIFY_MATCH_PARTIES, notify_match)
