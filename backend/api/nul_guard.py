"""No NUL character in a request's query string: PostgreSQL cannot store or compare U+0000 in text,
so a ``%00`` that reached a query (a name prefix, an audit filter) failed there as a 500. Bodies are
checked field by field (``inputs.Input``); query parameters have no such model, so they are checked
here, before any route runs, as the same 422 ``request-validation-failed`` naming the parameter."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from backend.api.inputs import NUL
from backend.api.problems import problem_response
from backend.api.request_id import request_id_of

MESSAGE = "text must not contain the NUL character (U+0000)"


def nul_fields(scope: Scope) -> list[str]:
    """The query parameters holding a NUL, as ``query.<name>`` (path parameters are ids, checked by
    their routes, or a pattern-checked token or configuration key)."""
    fields: list[str] = []
    query = scope.get("query_string", b"").decode("latin-1")
    for name, value in parse_qsl(query, keep_blank_values=True):
        if NUL in name or NUL in value:
            fields.append(f"query.{name.replace(NUL, '')}")
    return fields


class NulGuardMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not (fields := nul_fields(scope)):
            await self.app(scope, receive, send)
            return
        response = problem_response(
            status=422,
            code="request-validation-failed",
            title="Request is not valid",
            detail="; ".join(f"{field}: {MESSAGE}" for field in fields),
            instance=Request(scope).url.path,
            request_id=request_id_of(scope),
            extra={"errors": [{"field": field, "message": MESSAGE, "type": "value_error"} for field in fields]},
        )
        await response(scope, receive, send)
