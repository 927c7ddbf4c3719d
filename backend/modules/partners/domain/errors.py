"""Partner errors; the HTTP layer maps each kind to a status."""

from __future__ import annotations

from backend.core.errors import Conflict, FieldError, NotFound, ValidationFailed


class InvalidPartnerInput(ValidationFailed):
    code = "invalid-partner-input"
    title = "Invalid partner data"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors), errors)


class IllegalStatusTransition(Conflict):
    code = "illegal-partner-transition"
    title = "Partner status does not allow this"

    def __init__(self, partner_code: str, current: str, target: str) -> None:
        super().__init__(
            f"partner {partner_code} cannot move from {current} to {target}",
            extra={"current_status": current, "target_status": target},
        )
        self.current = current
        self.target = target


class PartnerNotEditable(Conflict):
    code = "partner-not-editable"
    title = "Partner cannot be edited now"

    def __init__(self, partner_code: str, status: str) -> None:
        super().__init__(
            f"partner {partner_code} is {status}; it can be edited only while draft or info_requested",
            # not "status": a problem's own member, the HTTP status
            extra={"partner_status": status},
        )


class HeadOfficeRequired(Conflict):
    code = "head-office-required"
    title = "A partner needs its head office"

    def __init__(self, partner_code: str) -> None:
        super().__init__(f"the head office of partner {partner_code} is its only one and cannot be removed")


class PartnerItemNotFound(NotFound):
    code = "partner-item-not-found"

    def __init__(self, kind: str, reference: object) -> None:
        super().__init__(f"No {kind} {reference} on this partner")
        self.code = f"partner-{kind.replace(' ', '-')}-not-found"
        self.title = f"{kind.capitalize()} not found"


class AmendmentAlreadyDecided(Conflict):
    code = "amendment-already-decided"
    title = "Amendment already decided"

    def __init__(self, status: str) -> None:
        super().__init__(f"the amendment is already {status}", extra={"amendment_status": status})


class KycNotValid(Conflict):
    code = "kyc-not-valid"
    title = "KYC is not valid"

    def __init__(self, partner_code: str, action: str) -> None:
        super().__init__(f"the KYC of partner {partner_code} has expired; renew it before you {action}")
