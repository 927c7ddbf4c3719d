"""Who may see which posting: the tenant's staff, or a partner user for its own partner only.

Row-level security enforces the same; these checks say it in the application's words. A posting
the actor may not see is a 404, never a 403, so its existence stays hidden.
"""

from __future__ import annotations

import uuid

from backend.core.errors import FieldError
from backend.core.principal import DataScope, Principal, UserKind
from backend.modules.trading.application.errors import PostingNotFound
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


def _visible(actor: Principal, tenant_id: uuid.UUID, partner_id: uuid.UUID) -> bool:
    if actor.kind is not UserKind.PLATFORM and tenant_id != actor.tenant_id:
        return False
    return not is_external(actor) or partner_id == actor.partner_id


async def load_availability(
    uow: TradingUnitOfWork, availability_id: uuid.UUID, actor: Principal, *, for_update: bool = False
) -> Availability:
    found = await uow.availabilities.get(availability_id, for_update=for_update)
    if found is None or not _visible(actor, found.tenant_id, found.seller_partner_id):
        raise PostingNotFound("availability", availability_id)
    return found


async def load_requirement(
    uow: TradingUnitOfWork, requirement_id: uuid.UUID, actor: Principal, *, for_update: bool = False
) -> Requirement:
    found = await uow.requirements.get(requirement_id, for_update=for_update)
    if found is None or not _visible(actor, found.tenant_id, found.buyer_partner_id):
        raise PostingNotFound("requirement", requirement_id)
    return found
