"""Errors of the trading use cases (the domain's own live in ``domain/errors.py``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from backend.contracts.risk.queries import RiskReasonRef
from backend.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed


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


class OutsideBranches(Forbidden):
    """Staff limited to branches acting for a partner (or on a match of partners) held in none of them."""

    code = "outside-branches"
    title = "Outside your branches"

    def __init__(self, subject: str, permission: str) -> None:
        super().__init__(
            f"{subject} is outside the branches and commodities where you hold {permission}",
            extra={"permission": permission},
        )


class RequirementNotOpen(Conflict):
    code = "requirement-not-open"
    title = "Requirement is not open"

    def __init__(self, status: str) -> None:
        super().__init__(
            f"the requirement is {status} or past its cut-off; only an open requirement is matched",
            extra={"current_status": status},
        )


def _reason_list(reasons: Sequence[RiskReasonRef]) -> list[dict[str, str]]:
    # code and message only: the evidence (the shared number, the credit figures) is for staff
    return [{"code": r.code, "outcome": r.outcome, "message": r.message} for r in reasons]


class LinkedPartiesNeedApproval(Conflict):
    """The risk verdict warns (a mobile number or company e-mail domain in common, or credit in the
    red band): only an internal approver may book the trade, saying so with ``approve_linked_parties``."""

    code = "linked-parties-need-approval"
    title = "An internal approver must clear this trade"

    def __init__(self, reasons: Sequence[RiskReasonRef], permission: str) -> None:
        listed = "; ".join(r.message for r in reasons)
        super().__init__(
            f"the trade needs an internal approver ({listed}): a tenant user holding {permission} may accept"
            ' it with "approve_linked_parties": true',
            extra={"reasons": _reason_list(reasons), "permission": permission},
        )


class TradeRefusedByRisk(ValidationFailed):
    """The risk verdict fails (circular trading, or a blocking party link found at acceptance)."""

    code = "trade-refused-by-risk"
    title = "The risk check refuses this trade"

    def __init__(self, reasons: Sequence[RiskReasonRef]) -> None:
        listed = "; ".join(r.message for r in reasons if r.outcome == "fail")
        super().__init__(f"the risk check refuses this trade: {listed}", [FieldError("counterparty", listed)])
        self.extra = {"reasons": _reason_list(reasons)}


class ApprovalNotAllowed(Forbidden):
    code = "approval-not-allowed"
    title = "Not allowed to approve linked trades"

    def __init__(self, permission: str) -> None:
        super().__init__(
            f"only the tenant's staff holding {permission} may approve a trade between linked parties",
            extra={"permission": permission},
        )


class DocumentHashMismatch(Conflict):
    """The client signed other bytes than the contract's stored PDF (an old version, or a re-render)."""

    code = "document-hash-mismatch"
    title = "Signed document differs"

    def __init__(self, expected: str) -> None:
        super().__init__(
            "the document_sha256 is not the SHA-256 of this contract's PDF; download it again and sign that",
            extra={"expected_sha256": expected},
        )


class ContractsNotConfigured(RuntimeError):
    """The composition root wired no contract renderer and signers (a tool, or an in-memory test)."""
