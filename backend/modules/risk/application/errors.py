"""Errors the risk use cases raise besides the domain's (the HTTP layer maps them by kind)."""

from __future__ import annotations

import uuid

from backend.core.errors import NotFound


class RiskRecordNotFound(NotFound):
    """No credit limit or exposure for the partner: absent, not approved yet, another tenant's, or
    (for a partner user) another partner's."""

    code = "risk-record-not-found"
    title = "No risk record for this partner"

    def __init__(self, partner_id: uuid.UUID) -> None:
        super().__init__(f"No credit limit or exposure is recorded for partner {partner_id}")


class CreditChangeNotFound(NotFound):
    code = "credit-change-not-found"
    title = "Credit limit change not found"

    def __init__(self, change_id: uuid.UUID) -> None:
        super().__init__(f"No credit limit change {change_id} for this partner")
