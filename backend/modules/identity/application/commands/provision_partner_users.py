"""Make an approved partner's contacts its external users; the primary one is invited by SMS.

Partner users sign in with a one-time code sent to their mobile, so nothing but the mobile number
is needed. Idempotent per contact: a mobile number that already has a user is left alone (the
partner's own user stays as it is; another tenant's or person's is recorded, not fought over).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from backend.core.principal import UserKind
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.domain.errors import DuplicateResource, InvalidIdentityInput
from backend.modules.identity.domain.rbac import RoleAssignment
from backend.modules.identity.domain.system_roles import PARTNER_USER
from backend.modules.identity.domain.user import NewUser, User


@dataclass(frozen=True)
class PartnerContact:
    id: uuid.UUID
    full_name: str
    mobile: str
    email: str | None = None
    primary: bool = False


@dataclass(frozen=True)
class ProvisionPartnerUsers:
    tenant_id: uuid.UUID
    partner_id: uuid.UUID
    partner_code: str
    partner_name: str | None
    contacts: tuple[PartnerContact, ...]


@dataclass
class ProvisionedUsers:
    created: list[uuid.UUID] = field(default_factory=list)
    skipped: dict[uuid.UUID, str] = field(default_factory=dict)  # contact id -> why
    invited: uuid.UUID | None = None  # the user who got the invitation


def invitation(command: ProvisionPartnerUsers, contact: PartnerContact) -> str:
    who = command.partner_name or command.partner_code
    return (
        f"Welcome to Mandi, {contact.full_name}. {who} is now approved and you are its user. "
        f"Sign in with your mobile number {contact.mobile}: we will text you a one-time code."
    )


async def _register(uow: IdentityUnitOfWork, command: ProvisionPartnerUsers, contact: PartnerContact) -> User:
    def new(email: str | None) -> User:
        return User.register(
            NewUser(UserKind.EXTERNAL, command.tenant_id, command.partner_id, email, contact.mobile, contact.full_name)
        )

    email = contact.email
    if email is not None and await uow.users.by_username(email) is not None:
        email = None  # the address is someone else's login; the mobile is all a partner user needs
    user = new(email)
    try:
        await uow.users.add(user)
    except DuplicateResource as duplicate:
        if duplicate.extra.get("field") != "email":
            raise
        user = new(None)  # the address belongs to a user this tenant cannot see
        await uow.users.add(user)
    return user


async def provision_partner_users(command: ProvisionPartnerUsers, uow: IdentityUnitOfWork) -> ProvisionedUsers:
    """Runs inside the caller's unit of work (the subscriber's, with its inbox claim); no commit here."""
    result = ProvisionedUsers()
    role = await uow.roles.by_name(PARTNER_USER)
    for contact in command.contacts:
        existing = await uow.users.by_username(contact.mobile)
        if existing is not None:
            mine = existing.partner_id == command.partner_id
            result.skipped[contact.id] = "already a user" if mine else "the mobile number belongs to another user"
            continue
        try:
            user = await _register(uow, command, contact)
        except (DuplicateResource, InvalidIdentityInput) as error:
            result.skipped[contact.id] = error.detail
            continue
        result.created.append(user.id)
        if role is not None:
            await uow.assignments.add(RoleAssignment.grant(command.tenant_id, user.id, role, (), (), None, None))
        if contact.primary and result.invited is None:
            await uow.auth.deliver("sms", contact.mobile, invitation(command, contact))
            result.invited = user.id
        await uow.audit.record(
            "partner_user_provisioned",
            tenant_id=command.tenant_id,
            actor_id=None,
            subject_type="user",
            subject_id=user.id,
            details={"partner_id": str(command.partner_id), "contact_id": str(contact.id), "role": PARTNER_USER},
        )
    for contact_id, reason in result.skipped.items():
        await uow.audit.record(
            "partner_user_skipped",
            tenant_id=command.tenant_id,
            actor_id=None,
            subject_type="partner",
            subject_id=command.partner_id,
            details={"contact_id": str(contact_id), "reason": reason},
        )
    return result
