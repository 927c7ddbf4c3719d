"""Static separation of duty: sets of roles no one user may hold together (beyond a maximum)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import FieldError
from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.views import SodView, sod_view
from backend.modules.identity.domain.errors import InvalidIdentityInput, ResourceNotFound
from backend.modules.identity.domain.rbac import SodConstraint


@dataclass(frozen=True)
class DefineSod:
    name: str
    role_ids: tuple[uuid.UUID, ...]
    max_roles: int = 1


async def define_sod(command: DefineSod, actor: Principal, ctx: AuthContext) -> SodView:
    if actor.tenant_id is None:
        raise InvalidIdentityInput([FieldError("tenant", "sign in as a user of the tenant")])
    constraint = SodConstraint.define(actor.tenant_id, command.name, command.role_ids, command.max_roles)
    async with ctx.uow(actor.data_scope) as uow:
        roles = await uow.roles.all_roles()
        unknown = sorted(str(rid) for rid in constraint.role_ids if rid not in roles)
        if unknown:
            raise InvalidIdentityInput([FieldError("role_ids", f"no such role: {', '.join(unknown)}")])
        await uow.sod.add(constraint)
        await uow.audit.record(
            "sod_defined",
            tenant_id=actor.tenant_id,
            actor_id=actor.user_id,
            subject_type="sod",
            subject_id=constraint.id,
            details={"name": constraint.name, "roles": sorted(roles[r].name for r in constraint.role_ids)},
        )
        await uow.commit()
    return sod_view(constraint)


async def delete_sod(sod_id: uuid.UUID, actor: Principal, ctx: AuthContext) -> None:
    async with ctx.uow(actor.data_scope) as uow:
        constraint = await uow.sod.get(sod_id)
        if constraint is None:
            raise ResourceNotFound("separation-of-duty set", sod_id)
        await uow.sod.remove(sod_id)
        await uow.audit.record(
            "sod_deleted",
            tenant_id=constraint.tenant_id,
            actor_id=actor.user_id,
            subject_type="sod",
            subject_id=sod_id,
            details={"name": constraint.name},
        )
        await uow.commit()
