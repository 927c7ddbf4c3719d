"""``/api/v1/tenants`` (platform operators) and ``/api/v1/branches`` (a tenant's branches)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request, Response, status

from backend.api.concurrency import etag, expected_version
from backend.api.deps import Auth, require
from backend.api.identity import permissions as p
from backend.api.identity.mapping import after, after_uuid, page_of, read
from backend.api.identity.schemas import (
    BranchCreate,
    BranchRead,
    BranchUpdate,
    Page,
    TenantCreate,
    TenantCreatedRead,
    TenantRead,
    TenantUpdate,
)
from backend.api.pagination import DEFAULT_LIMIT, Cursor, Limit
from backend.core.principal import Principal
from backend.modules.identity.application.commands.branches import ChangeBranch, OpenBranch, change_branch, open_branch
from backend.modules.identity.application.commands.change_tenant_status import ChangeTenant, change_tenant
from backend.modules.identity.application.commands.create_tenant import CreateTenant, TenantAdmin, create_tenant
from backend.modules.identity.application.queries import directory
from backend.modules.identity.domain.tenant import TenantPolicyChanges

router = APIRouter(prefix="/api/v1", tags=["tenants"])

IfMatch = Annotated[str | None, Header()]


@router.post("/tenants", status_code=status.HTTP_201_CREATED, response_model=TenantCreatedRead)
async def create(
    body: TenantCreate, auth: Auth, actor: Annotated[Principal, Depends(require(p.TENANTS_MANAGE))], response: Response
) -> TenantCreatedRead:
    admin = None
    if body.admin_email is not None or body.admin_password is not None:
        admin = TenantAdmin(body.admin_email or "", body.admin_password or "", body.admin_name)
    command = CreateTenant(body.name, body.country, body.base_currency, body.time_zone, admin, actor.user_id)
    created = await create_tenant(command, auth)
    response.headers["Location"] = f"/api/v1/tenants/{created.tenant.id}"
    return TenantCreatedRead(**read(TenantRead, created.tenant).model_dump(), admin_user_id=created.admin_user_id)


@router.get("/tenants", response_model=Page[TenantRead])
async def list_all(
    auth: Auth,
    actor: Annotated[Principal, Depends(require(p.TENANTS_READ))],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> dict[str, Any]:
    views = await directory.list_tenants(actor, auth, after_uuid(cursor), limit + 1)
    return page_of(TenantRead, views, limit, lambda v: str(v.id))


@router.get("/tenants/{tenant_id}", response_model=TenantRead)
async def get(
    tenant_id: uuid.UUID, auth: Auth, actor: Annotated[Principal, Depends(require(p.TENANTS_READ))]
) -> TenantRead:
    return read(TenantRead, await directory.get_tenant(tenant_id, actor, auth))


@router.patch("/tenants/{tenant_id}", response_model=TenantRead)
async def set_status(
    tenant_id: uuid.UUID,
    body: TenantUpdate,
    auth: Auth,
    request: Request,
    actor: Annotated[Principal, Depends(require(p.TENANTS_MANAGE))],
) -> TenantRead:
    policies = TenantPolicyChanges(
        body.region, body.locale, body.time_zone, body.base_currency, body.requests_per_minute, body.burst
    )
    suspend = None if body.status is None else body.status == "suspended"
    view = await change_tenant(ChangeTenant(tenant_id, suspend, policies), actor, auth)
    request.app.state.container.tenant_policies.forget(tenant_id)  # this process applies it at once
    return read(TenantRead, view)


@router.post("/branches", status_code=status.HTTP_201_CREATED, response_model=BranchRead)
async def create_branch(
    body: BranchCreate,
    auth: Auth,
    actor: Annotated[Principal, Depends(require(p.BRANCHES_WRITE))],
    response: Response,
) -> BranchRead:
    view = await open_branch(OpenBranch(body.code, body.name, body.state_code, body.gstin, body.address), actor, auth)
    response.headers["Location"] = f"/api/v1/branches/{view.id}"
    response.headers["ETag"] = etag(view.version)
    return read(BranchRead, view)


@router.get("/branches", response_model=Page[BranchRead])
async def list_branches(
    auth: Auth,
    actor: Annotated[Principal, Depends(require(p.BRANCHES_READ))],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> dict[str, Any]:
    views = await directory.list_branches(actor, auth, after(cursor), limit + 1)
    return page_of(BranchRead, views, limit, lambda v: v.code)


@router.get("/branches/{branch_id}", response_model=BranchRead)
async def get_branch(
    branch_id: uuid.UUID, auth: Auth, actor: Annotated[Principal, Depends(require(p.BRANCHES_READ))], response: Response
) -> BranchRead:
    view = await directory.get_branch(branch_id, actor, auth)
    response.headers["ETag"] = etag(view.version)
    return read(BranchRead, view)


@router.patch("/branches/{branch_id}", response_model=BranchRead)
async def update_branch(
    branch_id: uuid.UUID,
    body: BranchUpdate,
    auth: Auth,
    actor: Annotated[Principal, Depends(require(p.BRANCHES_WRITE))],
    response: Response,
    if_match: IfMatch = None,
) -> BranchRead:
    command = ChangeBranch(
        branch_id, expected_version(if_match, required=True), body.name, body.gstin, body.address, body.active
    )
    view = await change_branch(command, actor, auth)
    response.headers["ETag"] = etag(view.version)
    return read(BranchRead, view)
