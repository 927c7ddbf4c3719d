"""Roles, role assignments, separation-of-duty sets, the permission registry and the audit trail."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Response, status

from backend.api.concurrency import etag, expected_version
from backend.api.deps import Auth, CurrentPrincipal, require
from backend.api.identity import permissions as p
from backend.api.identity.mapping import after, after_uuid, page_of, read
from backend.api.identity.schemas import (
    AssignmentCreate,
    AssignmentRead,
    AuditEntryRead,
    Page,
    PermissionRead,
    RoleCreate,
    RoleRead,
    RoleUpdate,
    SodCreate,
    SodRead,
)
from backend.api.pagination import DEFAULT_LIMIT, Cursor, InvalidCursor, Limit
from backend.core.principal import Principal
from backend.modules.identity.application.commands.assignments import AssignRole, assign_role, revoke_assignment
from backend.modules.identity.application.commands.roles import (
    ChangeRole,
    DefineRole,
    change_role,
    define_role,
    delete_role,
)
from backend.modules.identity.application.commands.separation_of_duty import DefineSod, define_sod, delete_sod
from backend.modules.identity.application.queries import directory

router = APIRouter(prefix="/api/v1", tags=["access"])

RolesReader = Annotated[Principal, Depends(require(p.ROLES_READ))]
RolesWriter = Annotated[Principal, Depends(require(p.ROLES_WRITE))]
Assigner = Annotated[Principal, Depends(require(p.ROLES_ASSIGN))]


@router.get("/permissions", response_model=list[PermissionRead])
async def permissions(_: CurrentPrincipal) -> list[PermissionRead]:
    return [
        PermissionRead(code=c, description=d, scoped=s, platform_only=o) for c, d, s, o in directory.list_permissions()
    ]


@router.post("/roles", status_code=status.HTTP_201_CREATED, response_model=RoleRead)
async def create_role(body: RoleCreate, actor: RolesWriter, auth: Auth, response: Response) -> RoleRead:
    command = DefineRole(body.name, body.description, tuple(body.permissions), tuple(body.inherits))
    view = await define_role(command, actor, auth)
    response.headers["Location"] = f"/api/v1/roles/{view.id}"
    response.headers["ETag"] = etag(view.version)
    return read(RoleRead, view)


@router.get("/roles", response_model=list[RoleRead])
async def list_roles(actor: RolesReader, auth: Auth) -> list[RoleRead]:
    return [read(RoleRead, v) for v in await directory.list_roles(actor, auth)]


@router.get("/roles/{role_id}", response_model=RoleRead)
async def get_role(role_id: uuid.UUID, actor: RolesReader, auth: Auth, response: Response) -> RoleRead:
    view = await directory.get_role(role_id, actor, auth)
    response.headers["ETag"] = etag(view.version)
    return read(RoleRead, view)


@router.patch("/roles/{role_id}", response_model=RoleRead)
async def update_role(
    role_id: uuid.UUID,
    body: RoleUpdate,
    actor: RolesWriter,
    auth: Auth,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> RoleRead:
    command = ChangeRole(
        role_id,
        expected_version(if_match, required=True),
        body.description,
        None if body.permissions is None else tuple(body.permissions),
        None if body.inherits is None else tuple(body.inherits),
    )
    view = await change_role(command, actor, auth)
    response.headers["ETag"] = etag(view.version)
    return read(RoleRead, view)


@router.delete("/roles/{role_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_role(role_id: uuid.UUID, actor: RolesWriter, auth: Auth) -> Response:
    await delete_role(role_id, actor, auth)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/role-assignments", status_code=status.HTTP_201_CREATED, response_model=AssignmentRead)
async def assign(body: AssignmentCreate, actor: Assigner, auth: Auth, response: Response) -> AssignmentRead:
    command = AssignRole(body.user_id, body.role_id, tuple(body.branch_ids), tuple(body.commodity_ids), body.expires_at)
    view = await assign_role(command, actor, auth)
    response.headers["Location"] = f"/api/v1/role-assignments/{view.id}"
    return read(AssignmentRead, view)


@router.get("/role-assignments", response_model=Page[AssignmentRead])
async def list_assignments(
    actor: RolesReader,
    auth: Auth,
    user_id: Annotated[uuid.UUID | None, Query()] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> dict[str, Any]:
    views = await directory.list_assignments(actor, auth, after_uuid(cursor), limit + 1, user_id)
    return page_of(AssignmentRead, views, limit, lambda v: str(v.id))


@router.get("/role-assignments/{assignment_id}", response_model=AssignmentRead)
async def get_assignment(assignment_id: uuid.UUID, actor: RolesReader, auth: Auth) -> AssignmentRead:
    return read(AssignmentRead, await directory.get_assignment(assignment_id, actor, auth))


@router.delete("/role-assignments/{assignment_id}", response_model=AssignmentRead)
async def revoke(assignment_id: uuid.UUID, actor: Assigner, auth: Auth) -> AssignmentRead:
    return read(AssignmentRead, await revoke_assignment(assignment_id, actor, auth))


@router.post("/sod-constraints", status_code=status.HTTP_201_CREATED, response_model=SodRead)
async def create_sod(body: SodCreate, actor: RolesWriter, auth: Auth) -> SodRead:
    return read(SodRead, await define_sod(DefineSod(body.name, tuple(body.role_ids), body.max_roles), actor, auth))


@router.get("/sod-constraints", response_model=list[SodRead])
async def list_sod(actor: RolesReader, auth: Auth) -> list[SodRead]:
    return [read(SodRead, v) for v in await directory.list_sod(actor, auth)]


@router.delete("/sod-constraints/{sod_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_sod(sod_id: uuid.UUID, actor: RolesWriter, auth: Auth) -> Response:
    await delete_sod(sod_id, actor, auth)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/audit-events", response_model=Page[AuditEntryRead])
async def audit(
    actor: Annotated[Principal, Depends(require(p.AUDIT_READ))],
    auth: Auth,
    action: Annotated[str | None, Query(max_length=64)] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> dict[str, Any]:
    position = after(cursor)
    if position is not None and not position.isdigit():
        raise InvalidCursor()
    entries = await directory.list_audit(actor, auth, None if position is None else int(position), limit + 1, action)
    return page_of(AuditEntryRead, entries, limit, lambda e: str(e.seq))
