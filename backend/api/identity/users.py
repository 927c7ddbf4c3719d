"""``/api/v1/me`` and ``/api/v1/users``: the caller, a tenant's users, partner sub-users, 2FA."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response, status

from backend.api.deps import Auth, CurrentPrincipal, require
from backend.api.identity import permissions as p
from backend.api.identity.mapping import after_uuid, page_of, read
from backend.api.identity.schemas import (
    MeRead,
    Page,
    SubUserCreate,
    TotpConfirmCreate,
    TotpSetupRead,
    UserCreate,
    UserRead,
)
from backend.api.pagination import DEFAULT_LIMIT, Cursor, Limit
from backend.core.principal import Principal
from backend.modules.identity.application.commands.change_user_status import (
    ChangeUserStatus,
    StatusChange,
    change_user_status,
)
from backend.modules.identity.application.commands.invite_user import InviteUser, invite_user
from backend.modules.identity.application.commands.reset_password import reset_password_for
from backend.modules.identity.application.commands.sub_users import CreateSubUser, create_sub_user
from backend.modules.identity.application.commands.two_factor import confirm_two_factor, start_two_factor
from backend.modules.identity.application.queries import directory

router = APIRouter(prefix="/api/v1", tags=["users"])

Writer = Annotated[Principal, Depends(require(p.USERS_WRITE))]
Reader = Annotated[Principal, Depends(require(p.USERS_READ))]


@router.get("/me", response_model=MeRead)
async def me(actor: CurrentPrincipal, auth: Auth) -> MeRead:
    view = await directory.me(actor, auth)
    return MeRead(user=read(UserRead, view.user), roles=list(view.roles), permissions=list(view.permissions))


@router.post("/me/two-factor", response_model=TotpSetupRead)
async def two_factor_setup(actor: CurrentPrincipal, auth: Auth, response: Response) -> TotpSetupRead:
    response.headers["Cache-Control"] = "no-store"
    return read(TotpSetupRead, await start_two_factor(actor, auth))


@router.post("/me/two-factor/confirm", status_code=status.HTTP_204_NO_CONTENT)
async def two_factor_confirm(body: TotpConfirmCreate, actor: CurrentPrincipal, auth: Auth) -> Response:
    await confirm_two_factor(body.code, actor, auth)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/me/sub-users", status_code=status.HTTP_201_CREATED, response_model=UserRead)
async def create_sub(body: SubUserCreate, actor: CurrentPrincipal, auth: Auth) -> UserRead:
    command = CreateSubUser(body.full_name, body.mobile, body.email, tuple(body.roles))
    return read(UserRead, await create_sub_user(command, actor, auth))


@router.post("/users", status_code=status.HTTP_201_CREATED, response_model=UserRead)
async def invite(body: UserCreate, actor: Writer, auth: Auth, response: Response) -> UserRead:
    command = InviteUser(body.full_name, body.email, body.mobile, body.partner_id, body.tenant_id)
    view = await invite_user(command, actor, auth)
    response.headers["Location"] = f"/api/v1/users/{view.id}"
    return read(UserRead, view)


@router.get("/users", response_model=Page[UserRead])
async def list_all(actor: Reader, auth: Auth, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> dict[str, Any]:
    views = await directory.list_users(actor, auth, after_uuid(cursor), limit + 1)
    return page_of(UserRead, views, limit, lambda v: str(v.id))


@router.get("/users/{user_id}", response_model=UserRead)
async def get(user_id: uuid.UUID, actor: Reader, auth: Auth) -> UserRead:
    return read(UserRead, await directory.get_user(user_id, actor, auth))


async def _change(user_id: uuid.UUID, change: StatusChange, actor: Principal, auth: Any) -> UserRead:
    return read(UserRead, await change_user_status(ChangeUserStatus(user_id, change), actor, auth))


@router.post("/users/{user_id}/disable", response_model=UserRead)
async def disable(user_id: uuid.UUID, actor: Writer, auth: Auth) -> UserRead:
    return await _change(user_id, StatusChange.DISABLE, actor, auth)


@router.post("/users/{user_id}/enable", response_model=UserRead)
async def enable(user_id: uuid.UUID, actor: Writer, auth: Auth) -> UserRead:
    return await _change(user_id, StatusChange.ENABLE, actor, auth)


@router.post("/users/{user_id}/unlock", response_model=UserRead)
async def unlock(user_id: uuid.UUID, actor: Writer, auth: Auth) -> UserRead:
    return await _change(user_id, StatusChange.UNLOCK, actor, auth)


@router.post("/users/{user_id}/reset-password", status_code=status.HTTP_202_ACCEPTED)
async def reset_password(user_id: uuid.UUID, actor: Writer, auth: Auth) -> dict[str, bool]:
    await reset_password_for(user_id, actor, auth)
    return {"accepted": True}
