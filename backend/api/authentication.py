"""Resolves the caller once per request, before the middlewares and routes that need it.

A bad token is not refused here: routes that need a caller raise the stored error (401), and
public routes (health, sign-in) never look.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from backend.core.errors import MandiError
from backend.core.principal import Principal

PRINCIPAL = "principal"
AUTH_ERROR = "auth_error"


def bearer_of(scope: Scope) -> str | None:
    header = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def principal_of(scope: Scope) -> Principal | None:
    principal = (scope.get("state") or {}).get(PRINCIPAL)
    return principal if isinstance(principal, Principal) else None


class AuthenticationMiddleware:
    def __init__(self, app: ASGIApp, authenticate: Callable[[str], Awaitable[Principal]]) -> None:
        self.app = app
        self._authenticate = authenticate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (token := bearer_of(scope)) is not None:
            state = scope.setdefault("state", {})
            try:
                state[PRINCIPAL] = await self._authenticate(token)
            except MandiError as error:
                state[AUTH_ERROR] = error
        await self.app(scope, receive, send)
