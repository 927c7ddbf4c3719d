"""problem+json bodies: extension members never replace the standard ones."""

from __future__ import annotations

from backend.api.problems import problem_body


def test_an_extension_member_cannot_overwrite_a_standard_one() -> None:
    body = problem_body(
        status=409,
        code="partner-not-editable",
        title="Partner cannot be edited now",
        detail="partner BP-IN-0001 is approved",
        instance="/api/v1/partners/x",
        request_id="r-1",
        extra={"status": "approved", "type": "x", "request_id": "forged", "partner_status": "approved"},
    )
    assert body["status"] == 409
    assert body["type"] == "urn:mandi:problem:partner-not-editable"
    assert body["request_id"] == "r-1"
    assert body["partner_status"] == "approved"
