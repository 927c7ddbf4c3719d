"""RFC 9457 problem details: the one shape of every error Mandi's HTTP API returns."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import Response

PROBLEM_JSON = "application/problem+json"


def problem_type(code: str) -> str:
    return f"urn:mandi:problem:{code}"


def problem_body(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str,
    request_id: str | None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    standard: dict[str, Any] = {
        "type": problem_type(code),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if request_id:
        standard["request_id"] = request_id
    # an error's extension members add to the standard ones and can never replace them (an error
    # naming a partner's "status" must not turn a 409 into "approved")
    return {**(extra or {}), **standard}


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    instance: str,
    request_id: str | None,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = problem_body(
        status=status, code=code, title=title, detail=detail, instance=instance, request_id=request_id, extra=extra
    )
    all_headers = dict(headers or {})
    if request_id:
        all_headers["X-Request-ID"] = request_id
    return Response(orjson.dumps(body), status_code=status, media_type=PROBLEM_JSON, headers=all_headers)
