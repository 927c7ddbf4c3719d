"""Errors the partner use cases raise besides the domain's (the HTTP layer maps them by kind)."""

from __future__ import annotations

import uuid

from backend.core.errors import Conflict, NotFound


class PartnerNotFound(NotFound):
    """Absent, another tenant's, another partner's (for a partner user) or outside the branch scope."""

    code = "partner-not-found"
    title = "Partner not found"

    def __init__(self, partner_id: uuid.UUID) -> None:
        super().__init__(f"No partner {partner_id}")


class AmendmentNotFound(NotFound):
    code = "amendment-not-found"
    title = "Amendment not found"

    def __init__(self, amendment_id: uuid.UUID) -> None:
        super().__init__(f"No amendment {amendment_id}")


class DuplicatePartnerIdentifier(Conflict):
    """The same PAN or GSTIN already belongs to another partner of the tenant."""

    code = "duplicate-partner-identifier"
    title = "Identifier already registered"

    def __init__(self, kind: str, identifier: str, existing_code: str, existing_id: uuid.UUID) -> None:
        super().__init__(
            f"{kind} {identifier} already belongs to partner {existing_code}; a branch entity must name the same"
            " master partner to share it",
            extra={
                "field": kind.lower(),
                "identifier": identifier,
                "existing_partner_code": existing_code,
                "existing_partner_id": str(existing_id),
            },
        )


class KycRenewalRefused(Conflict):
    """Not due yet, or a required document was not verified again within the renewal window."""

    code = "kyc-renewal-refused"
    title = "KYC cannot be renewed now"
