"""``/api/v1/config``: runtime configuration and feature flags over HTTP."""

from __future__ import annotations

import uuid
from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from backend.api.concurrency import etag, expected_version
from backend.api.deps import require
from backend.api.platform.permissions import CONFIG_READ, CONFIG_WRITE
from backend.api.platform.schemas import (
    ConfigChangeRead,
    ConfigHistory,
    ConfigList,
    ConfigRead,
    ConfigSummaryRead,
    ConfigUpdate,
    ConfigValueRead,
    ScopeName,
)
from backend.core.principal import DataScope, Principal
from backend.modules.platform.application.commands.clear_config_value import ClearConfigValue, clear_config_value
from backend.modules.platform.application.commands.set_config_value import SetConfigValue, set_config_value
from backend.modules.platform.application.queries.config_history import GetConfigHistory, config_history
from backend.modules.platform.application.queries.get_config import GetConfig, ListConfig, get_config, list_config
from backend.modules.platform.application.unit_of_work import PlatformUnitOfWork
from backend.modules.platform.application.views import ConfigView
from backend.modules.platform.application.writer import Writer
from backend.modules.platform.domain.errors import ConfigScopeForbidden
from backend.modules.platform.domain.scopes import Scope, Target

router = APIRouter(prefix="/api/v1/config", tags=["configuration"])


class PlatformServices(Protocol):
    """The part of ``backend.app.bootstrap.Container`` these routes use."""

    def platform_uow(self, scope: DataScope) -> PlatformUnitOfWork: ...


def _uow(request: Request, principal: Principal) -> PlatformUnitOfWork:
    services: PlatformServices = request.app.state.container
    return services.platform_uow(principal.data_scope)


Reader = Annotated[Principal, Depends(require(CONFIG_READ))]
Changer = Annotated[Principal, Depends(require(CONFIG_WRITE))]
TenantQuery = Annotated[uuid.UUID | None, Query(description="platform operators: read as this tenant")]
BranchQuery = Annotated[uuid.UUID | None, Query(description="read as this branch of the tenant")]
ScopeQuery = Annotated[
    ScopeName | None, Query(description="the scope whose version (ETag) to report; default: the narrowest read")
]
IfMatch = Annotated[str | None, Header(description='ETag of the value at that scope you last read; "0": none yet')]


def _tenant(principal: Principal, tenant_id: uuid.UUID | None) -> uuid.UUID | None:
    if principal.tenant_id is None:
        return tenant_id
    if tenant_id is not None and tenant_id != principal.tenant_id:
        raise ConfigScopeForbidden("a tenant reads and changes only its own configuration")
    return principal.tenant_id


def _target(scope: ScopeName, tenant_id: uuid.UUID | None, branch_id: uuid.UUID | None) -> Target:
    kind = Scope(scope)
    # a tenant's people always act in their tenant; only the platform scope names none
    return Target(kind, None if kind is Scope.PLATFORM else tenant_id, branch_id)


def _read(view: ConfigView, response: Response) -> ConfigRead:
    response.headers["ETag"] = etag(view.version)
    return ConfigRead(
        key=view.key,
        description=view.description,
        flag=view.flag,
        value=view.value,
        source=view.source,
        enabled=view.enabled,
        scope=str(view.target.scope),
        version=view.version,
        scopes=list(view.scopes),
        default=view.default,
        json_schema=dict(view.schema),
        values=[ConfigValueRead(**vars(v)) for v in view.values],
    )


@router.get("", response_model=ConfigList)
async def list_all(
    request: Request, principal: Reader, tenant_id: TenantQuery = None, branch_id: BranchQuery = None
) -> ConfigList:
    reader = Target.narrowest(_tenant(principal, tenant_id), branch_id)
    views = await list_config(ListConfig(reader), _uow(request, principal))
    return ConfigList(
        items=[
            ConfigSummaryRead(
                key=v.key, description=v.description, flag=v.flag, value=v.value, source=v.source, enabled=v.enabled
            )
            for v in views
        ]
    )


@router.get("/{key}", response_model=ConfigRead)
async def get(
    key: str,
    request: Request,
    principal: Reader,
    response: Response,
    tenant_id: TenantQuery = None,
    branch_id: BranchQuery = None,
    scope: ScopeQuery = None,
) -> ConfigRead:
    reader = Target.narrowest(_tenant(principal, tenant_id), branch_id)
    addressed = None if scope is None else _target(scope, reader.tenant_id, reader.branch_id)
    view = await get_config(GetConfig(key, reader, addressed), _uow(request, principal))
    return _read(view, response)


@router.put("/{key}", response_model=ConfigRead)
async def put(
    key: str, body: ConfigUpdate, request: Request, principal: Changer, response: Response, if_match: IfMatch = None
) -> ConfigRead:
    version = expected_version(if_match, required=True)
    target = _target(body.scope, _tenant(principal, body.tenant_id), body.branch_id)
    command = SetConfigValue(key, target, body.value, Writer.of(principal, CONFIG_WRITE.code), version)
    return _read(await set_config_value(command, _uow(request, principal)), response)


@router.delete("/{key}", response_model=ConfigRead)
async def clear(
    key: str,
    scope: Annotated[ScopeName, Query(description="the scope whose value to remove")],
    request: Request,
    principal: Changer,
    response: Response,
    tenant_id: TenantQuery = None,
    branch_id: BranchQuery = None,
    if_match: IfMatch = None,
) -> ConfigRead:
    version = expected_version(if_match, required=True)
    target = _target(scope, _tenant(principal, tenant_id), branch_id)
    command = ClearConfigValue(key, target, Writer.of(principal, CONFIG_WRITE.code), version)
    return _read(await clear_config_value(command, _uow(request, principal)), response)


@router.get("/{key}/history", response_model=ConfigHistory)
async def history(
    key: str, request: Request, principal: Reader, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> ConfigHistory:
    changes = await config_history(GetConfigHistory(key, limit), _uow(request, principal))
    return ConfigHistory(items=[ConfigChangeRead(**vars(c)) for c in changes])
