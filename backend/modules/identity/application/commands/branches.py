"""Open a branch, or change one (name, GSTIN, address, active)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import FieldError, PreconditionFailed
from backend.core.principal import Principal
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.loading import must_get
from backend.modules.identity.application.views import BranchView, branch_view
from backend.modules.identity.domain.errors import InvalidIdentityInput
from backend.modules.identity.domain.tenant import Branch


@dataclass(frozen=True)
class OpenBranch:
    code: str
    name: str
    state_code: str
    gstin: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class ChangeBranch:
    branch_id: uuid.UUID
    expected_version: int | None
    name: str | None = None
    gstin: str | None = None
    address: str | None = None
    active: bool | None = None


def _tenant_of(actor: Principal) -> uuid.UUID:
    if actor.tenant_id is None:
        raise InvalidIdentityInput([FieldError("tenant", "branches belong to a tenant; sign in as one of its users")])
    return actor.tenant_id


async def open_branch(command: OpenBranch, actor: Principal, ctx: AuthContext) -> BranchView:
    branch = Branch.open(
        _tenant_of(actor), command.code, command.name, command.state_code, command.gstin, command.address
    )
    async with ctx.uow(actor.data_scope) as uow:
        await uow.branches.add(branch)
        await uow.audit.record(
            "branch_opened",
            tenant_id=branch.tenant_id,
            actor_id=actor.user_id,
            subject_type="branch",
            subject_id=branch.id,
            details={"code": branch.code},
        )
        await uow.commit()
    return branch_view(branch)


async def change_branch(command: ChangeBranch, actor: Principal, ctx: AuthContext) -> BranchView:
    async with ctx.uow(actor.data_scope) as uow:
        branch = await must_get(uow.branches, command.branch_id, "branch")
        if command.expected_version is not None and branch.version != command.expected_version:
            raise PreconditionFailed(
                f"branch {branch.code} is at version {branch.version}, not {command.expected_version}",
                extra={"current_version": branch.version},
            )
        branch.revise(command.name, command.gstin, command.address, command.active)
        await uow.branches.save(branch)
        await uow.audit.record(
            "branch_changed",
            tenant_id=branch.tenant_id,
            actor_id=actor.user_id,
            subject_type="branch",
            subject_id=branch.id,
        )
        await uow.commit()
    return branch_view(branch)
