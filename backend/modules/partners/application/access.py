"""Who may see and change which partner: tenant, the partner user's own partner, branch scope.

The HTTP layer checks the permission itself; the use cases narrow it to the partners the actor's
grant covers. A partner the actor may not see is a 404, never a 403, so its existence stays hidden.
"""

from __future__ import annotations

import uuid

from backend.core.errors import Forbidden
from backend.core.principal import Principal, UserKind
from backend.modules.partners.application.errors import PartnerNotFound
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.domain.partner import Partner

# permission codes (declared with their descriptions in the API package)
READ = "partners.read"
CREATE = "partners.create"
UPDATE = "partners.update"
SUBMIT = "partners.submit"
APPROVE = "partners.approve"
REJECT = "partners.reject"
SUSPEND = "partners.suspend"
VERIFY_DOCUMENTS = "partners.verify_documents"
OVERRIDE_CAPABILITIES = "partners.override_capabilities"
REQUEST_AMENDMENTS = "partners.request_amendments"
APPROVE_AMENDMENTS = "partners.approve_amendments"


def is_external(actor: Principal) -> bool:
    return actor.kind is UserKind.EXTERNAL


def branches_of(actor: Principal, permission: str) -> frozenset[uuid.UUID] | None:
    """The branches whose partners ``actor`` may reach with ``permission``; None: every branch."""
    return None if actor.kind is not UserKind.INTERNAL else actor.permitted_branches(permission)


def can_see(actor: Principal, partner: Partner, permission: str) -> bool:
    if actor.kind is not UserKind.PLATFORM and partner.tenant_id != actor.tenant_id:
        return False
    if is_external(actor):
        return partner.id == actor.partner_id
    branches = branches_of(actor, permission)
    return branches is None or partner.branch_id in branches


async def load_partner(
    uow: PartnersUnitOfWork, partner_id: uuid.UUID, actor: Principal, permission: str, *, for_update: bool = False
) -> Partner:
    """The partner if ``actor`` may reach it with ``permission``, else ``NotFound``."""
    partner = await uow.partners.get(partner_id, for_update=for_update)
    if partner is None or not can_see(actor, partner, permission):
        raise PartnerNotFound(partner_id)
    return partner


def ensure_internal(actor: Principal, action: str) -> None:
    """Partner users act on their own partner's data, never on its approval or verification."""
    if is_external(actor):
        raise Forbidden(f"a partner user cannot {action}; the tenant's staff does")


# a tenant admin outranks the back office: a partner routed to the back office may be approved by either
STANDS_IN_FOR: dict[str, frozenset[str]] = {"back_office": frozenset({"tenant_admin"})}


def ensure_role(actor: Principal, role: str, action: str) -> None:
    if role not in actor.roles and not actor.roles & STANDS_IN_FOR.get(role, frozenset()):
        raise Forbidden(f"only a user with the role {role} may {action}", extra={"required_role": role})
