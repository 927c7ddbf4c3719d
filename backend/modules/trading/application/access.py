"""Who may see which posting: the tenant's staff within the branches and commodities their grant of
the permission at hand covers (``reach``: the branch holding the posting's partner when it posted),
or a partner user for its own partner only.

Row-level security enforces the tenant and the partner; these checks say it in the application's
words. A posting the actor may not see is a 404, never a 403, so its existence stays hidden.
"""

from __future__ import annotations

import uuid

from backend.contracts.partners.queries import PartnerRef
from backend.core.errors import FieldError
from backend.core.principal import DataScope, Principal, UserKind
from backend.core.reach import covers
from backend.modules.trading.application.errors import OutsideBranches, PostingNotFound
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.errors import InvalidTradingInput
from backend.modules.trading.domain.requirement import Requirement

# permission codes (declared with their descriptions in the API package)
READ = "trading.read"
POST = "trading.post"
MATCH = "trading.match"


def is_external(actor: Principal) -> bool:
    return actor.kind is UserKind.EXTERNAL


def tenant_scope(actor: Principal) -> DataScope:
    """Matching sees every posting of the tenant; the actor's own scope decides what it is shown."""
    if actor.tenant_id is None:
        raise InvalidTradingInput([FieldError("tenant", "trading happens within a tenant")])
    return DataScope(tenant_id=actor.tenant_id)


def posting_partner(actor: Principal, requested: uuid.UUID | None, field: str) -> uuid.UUID:
    """The partner a posting is made for: a partner user's own (and no other), else the one named."""
    tenant_scope(actor)  # postings belong to a tenant
    if is_external(actor):
        assert actor.partner_id is not None
        if requested not in (None, actor.partner_id):
            raise InvalidTradingInput([FieldError(field, "a partner user posts for its own partner only")])
        return actor.partner_id
    if requested is None:
        raise InvalidTradingInput([FieldError(field, "name the partner this posting is made for")])
    return requested


def tenant_of(actor: Principal) -> uuid.UUID:
    return tenant_scope(actor).tenant_id or uuid.UUID(int=0)  # tenant_scope refused a tenantless actor


def ensure_covers(actor: Principal, permission: str, partner: PartnerRef, commodity_id: uuid.UUID) -> None:
    """Staff post for partners held in the branches, and in the commodities, their grant covers:
    another is a 403 (neither the partner nor the commodity is hidden from them)."""
    if not covers(actor, permission, commodity_id, partner.branch_id):
        raise OutsideBranches(f"partner {partner.code} in this commodity", permission)


def _visible(actor: Principal, posting: Availability | Requirement, partner_id: uuid.UUID, permission: str) -> bool:
    if actor.kind is not UserKind.PLATFORM and posting.tenant_id != actor.tenant_id:
        return False
    if is_external(actor):
        return partner_id == actor.partner_id
    return covers(actor, permission, posting.commodity_id, posting.branch_id)


async def load_availability(
    uow: TradingUnitOfWork,
    availability_id: uuid.UUID,
    actor: Principal,
    *,
    permission: str = READ,
    for_update: bool = False,
) -> Availability:
    found = await uow.availabilities.get(availability_id, for_update=for_update)
    if found is None or not _visible(actor, found, found.seller_partner_id, permission):
        raise PostingNotFound("availability", availability_id)
    return found


async def load_requirement(
    uow: TradingUnitOfWork,
    requirement_id: uuid.UUID,
    actor: Principal,
    *,
    permission: str = READ,
    for_update: bool = False,
) -> Requirement:
    found = await uow.requirements.get(requirement_id, for_update=for_update)
    if found is None or not _visible(actor, found, found.buyer_partner_id, permission):
        raise PostingNotFound("requirement", requirement_id)
    return found
