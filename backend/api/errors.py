"""Every error becomes problem+json; the status of each error kind is decided here, once."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from backend.api.problems import problem_response
from backend.api.request_id import request_id_of
from backend.core.errors import (
    ConcurrencyConflict,
    Conflict,
    Forbidden,
    MandiError,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    TooManyRequests,
    Unauthenticated,
    ValidationFailed,
)

log = logging.getLogger(__name__)

# most specific first: the first kind an error is an instance of decides its status
STATUS_BY_KIND: tuple[tuple[type[MandiError], int], ...] = (
    (Unauthenticated, 401),
    (Forbidden, 403),
    (TooManyRequests, 429),
    (ConcurrencyConflict, 409),
    (NotFound, 404),
    (Conflict, 409),
    (PreconditionFailed, 412),
    (PreconditionRequired, 428),
    (ValidationFailed, 422),
)


def status_of(error: MandiError) -> int:
    for kind, status in STATUS_BY_KIND:
        if isinstance(error, kind):
            return status
    return 400


def _instance(request: Request) -> str:
    return request.url.path


def _field_path(location: tuple[Any, ...]) -> str:
    parts = [str(part) for part in location]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "body"


async def mandi_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, MandiError)
    extra: dict[str, Any] = dict(error.extra)
    if isinstance(error, ValidationFailed):
        extra["errors"] = [{"field": e.field, "message": e.message} for e in error.errors]
    headers: dict[str, str] = {}
    if isinstance(error, ConcurrencyConflict):
        headers["Retry-After"] = "0"
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after)
    if isinstance(error, Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="mandi"'
    return problem_response(
        status=status_of(error),
        code=error.code,
        title=error.title,
        detail=error.detail,
        instance=_instance(request),
        request_id=request_id_of(request.scope),
        extra=extra,
        headers=headers,
    )


async def validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [
        {
            "field": _field_path(tuple(item.get("loc", ()))),
            "message": item.get("msg", "invalid"),
            "type": item.get("type"),
        }
        for item in error.errors()
    ]
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem_response(
        status=422,
        code="request-validation-failed",
        title="Request is not valid",
        detail=detail,
        instance=_instance(request),
        request_id=request_id_of(request.scope),
        extra={"errors": errors},
    )


def _allowed_methods(request: Request) -> list[str]:
    # Starlette's Allow names only the first route on the path; ask the router for each method instead
    return [
        method
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE")
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in request.app.router.routes
        )
    ]


async def http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    status = HTTPStatus(error.status_code)
    detail = error.detail if isinstance(error.detail, str) and error.detail != status.phrase else None
    if status == HTTPStatus.NOT_FOUND and detail is None:
        detail = f"No resource at {request.url.path}"
    headers = dict(error.headers or {})
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        detail = f"{request.method} is not allowed on {request.url.path}"
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return problem_response(
        status=status.value,
        code=status.phrase.lower().replace(" ", "-"),
        title=status.phrase,
        detail=detail or status.description,
        instance=_instance(request),
        request_id=request_id_of(request.scope),
        headers=headers,
    )


async def unhandled_error(request: Request, error: Exception) -> Response:
    request_id = request_id_of(request.scope)
    log.error("unhandled error on %s %s [request %s]", request.method, request.url.path, request_id, exc_info=error)
    return problem_response(
        status=500,
        code="internal-error",
        title="Internal server error",
        detail=f"The server failed to handle this request; quote request id {request_id} when reporting it.",
        instance=_instance(request),
        request_id=request_id,
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MandiError, mandi_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unhandled_error)
