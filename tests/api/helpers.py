"""Request bodies and assertions shared by the API tests."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance"}


def cotton(code: str | None = None, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code or f"COTTON-{uuid.uuid4().hex[:6].upper()}",
        "name": "Raw cotton",
        "category": "fibre",
        "hsn_code": "5201",
        "gst_rate": "5",
        "base_unit": "KG",
        "units": [
            {"code": "BALE", "factor": "170"},
            {"code": "CANDY", "factor": "355.56"},
            {"code": "QUINTAL", "factor": "100"},
            {"code": "MT", "factor": "1000"},
        ],
        "quality_parameters": [
            {"name": "staple_length", "unit": "mm", "kind": "range", "min": "20", "max": "38", "mandatory": True},
            {"name": "micronaire", "kind": "range", "min": "2.8", "max": "5.5", "mandatory": True},
            {"name": "strength", "unit": "g/tex", "kind": "numeric", "min": "24", "mandatory": True},
            {"name": "trash", "unit": "%", "kind": "numeric", "max": "6"},
            {"name": "colour_grade", "kind": "enum", "allowed_values": ["white", "light_spotted"]},
        ],
        "varieties": [{"name": "Shankar-6"}, {"name": "DCH-32"}],
    }
    body.update(overrides)
    return body


def assert_problem(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is RFC 9457 problem+json with ``status`` (and problem ``code`` when given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert set(body) >= PROBLEM_FIELDS, body
    assert body["status"] == status
    assert body["instance"] == response.request.url.path
    assert response.headers["x-request-id"] == body["request_id"]
    if code is not None:
        assert body["type"] == f"urn:mandi:problem:{code}", body
    return body


def error_fields(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body.get("errors", [])}
