"""What routes receive: the caller's principal, checked permissions, a fresh unit of work per call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol

from fastapi import Depends, Request

from backend.api.authentication import AUTH_ERROR, principal_of
from backend.core.cache import Cache
from backend.core.context import actor_id_var, tenant_id_var
from backend.core.errors import MandiError, Unauthenticated
from backend.core.permissions import Permission
from backend.core.principal import DataScope, Principal
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.partners.application.context import PartnersContext
from backend.modules.trading.application.context import TradingContext


class Services(Protocol):
    """The part of ``backend.app.bootstrap.Container`` the HTTP layer uses."""

    auth: AuthContext
    cache: Cache
    partners: PartnersContext
    trading: TradingContext

    def commodities_uow(self, scope: DataScope) -> CommoditiesUnitOfWork: ...

    async def authenticate(self, token: str) -> Principal: ...

    async def readiness(self) -> dict[str, str]:
        """Each check's name and ``"ok"`` or the reason it fails."""


def services(request: Request) -> Services:
    container: Services = request.app.state.container
    return container


def auth_context(request: Request) -> AuthContext:
    return services(request).auth


def read_cache(request: Request) -> Cache:
    return services(request).cache


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization")
    if not header:
        raise Unauthenticated("send 'Authorization: Bearer <access token>'")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("the Authorization header must be 'Bearer <access token>'")
    return token.strip()


async def current_principal(request: Request) -> Principal:
    principal = principal_of(request.scope)
    if principal is None:
        error = request.scope.get("state", {}).get(AUTH_ERROR)
        if isinstance(error, MandiError):
            raise error
        principal = await services(request).authenticate(bearer_token(request))
    # events this request publishes name who caused them
    actor_id_var.set(str(principal.user_id))
    tenant_id_var.set(None if principal.tenant_id is None else str(principal.tenant_id))
    return principal


def require(permission: Permission) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that yields the principal only when it holds ``permission``."""

    async def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        principal.require(permission.code)
        return principal

    check.__name__ = f"require_{permission.code.replace('.', '_')}"
    return check


def commodities_uow(permission: Permission) -> Callable[..., Awaitable[CommoditiesUnitOfWork]]:
    checked = require(permission)

    # a default rather than Annotated: FastAPI resolves string annotations in module globals,
    # where this closure's ``checked`` does not live
    async def unit_of_work(request: Request, principal: Principal = Depends(checked)) -> CommoditiesUnitOfWork:
        return services(request).commodities_uow(principal.data_scope)

    return unit_of_work


Auth = Annotated[AuthContext, Depends(auth_context)]
CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
ReadCache = Annotated[Cache, Depends(read_cache)]
