"""Errors of the trading use cases (the domain's own live in ``domain/errors.py``)."""

from __future__ import annotations

import uuid

from backend.core.errors import Conflict, Forbidden, NotFound


class PostingNotFound(NotFound):
    code = "posting-not-found"
    title = "Posting not found"

    def __init__(self, kind: str, posting_id: uuid.UUID) -> None:
        super().__init__(f"there is no {kind} {posting_id}", extra={"kind": kind})


class MissingCapability(Forbidden):
    """The partners context does not let this partner trade this way (documents or status)."""

    code = "missing-trade-capability"
    title = "Partner may not trade this way"

    def __init__(self, partner_code: str, status: str, needed: str, action: str, country: str, have: str) -> None:
        super().__init__(
            f"partner {partner_code} ({status}) lacks the capability {needed} needed to {action} in {country}"
            f" (it has: {have})",
            extra={"capability": needed, "partner_code": partner_code},
        )


class RequirementNotOpen(Conflict):
    code = "requirement-not-open"
    title = "Requirement is not open"

    def __init__(self, status: str) -> None:
        super().__init__(
            f"the requirement is {status} or past its cut-off; only an open requirement is matched",
            extra={"status": status},
        )
