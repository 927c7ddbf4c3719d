"""Trading errors; the HTTP layer maps each kind (422, 409, 403, 404) to a status."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from backend.core.decimal_math import plain_text
from backend.core.errors import Conflict, FieldError, Forbidden, NotFound, ValidationFailed


class InvalidTradingInput(ValidationFailed):
    code = "invalid-trading-input"
    title = "Invalid trading data"

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors), errors)


def check(errors: list[FieldError]) -> None:
    """Raise one error naming every offending field, or nothing."""
    if errors:
        raise InvalidTradingInput(errors)


T = TypeVar("T")


def attempt(errors: list[FieldError], compute: Callable[[], T]) -> T | None:
    """Run a check that raises ``InvalidTradingInput``; collect its field errors instead, so one
    response names every problem."""
    try:
        return compute()
    except InvalidTradingInput as invalid:
        errors.extend(invalid.errors)
        return None


def errors_on(errors: list[FieldError], field: str) -> bool:
    return any(error.field == field or error.field.startswith(f"{field}.") for error in errors)


class IllegalTransition(Conflict):
    code = "illegal-transition"
    title = "Status does not allow this"

    def __init__(self, kind: str, reference: object, current: str, target: str) -> None:
        super().__init__(
            f"{kind} {reference} cannot move from {current} to {target}",
            extra={"current_status": current, "target_status": target},
        )
        self.code = f"illegal-{kind}-transition"
        self.current = current
        self.target = target


class InsufficientQuantity(Conflict):
    """Two buyers raced for the last bales and this one lost, or asked for more than is left."""

    code = "insufficient-quantity"
    title = "Not enough quantity"

    def __init__(self, what: str, requested: Decimal, left: Decimal, unit: str) -> None:
        super().__init__(
            f"{plain_text(requested)} {unit} requested but only {plain_text(left)} {unit} {what}",
            extra={"requested": plain_text(requested), "left": plain_text(left), "unit": unit},
        )


class DuplicatePosting(Conflict):
    code = "duplicate-posting"
    title = "An identical posting exists today"

    def __init__(self, kind: str, existing_id: uuid.UUID) -> None:
        super().__init__(
            f"an identical active {kind} was already posted today ({existing_id})",
            extra={"existing_id": str(existing_id)},
        )


class PostingHasReservations(Conflict):
    code = "posting-has-reservations"
    title = "Quantity is reserved"

    def __init__(self, reserved: Decimal, unit: str, action: str) -> None:
        super().__init__(
            f"{plain_text(reserved)} {unit} are reserved for a deal in progress; release them before you {action}",
            extra={"reserved": plain_text(reserved), "unit": unit},
        )


class NotAParty(InvalidTradingInput):
    """Staff acting for a partner that is not a side of the deal: the same 422 on the same field as a
    partner user naming another partner (the deal itself is visible to staff, so nothing is hidden)."""

    code = "not-a-party"
    title = "Not a party to this deal"

    def __init__(self, what: str, partner_id: uuid.UUID) -> None:
        message = f"partner {partner_id} is neither buyer nor seller of this {what}"
        super().__init__([FieldError("acting_for_partner_id", message)])


class MatchNotOpen(Conflict):
    code = "match-not-open"
    title = "Match is not open"

    def __init__(self, status: str) -> None:
        super().__init__(
            f"this match is {status}; only an open match can start a negotiation (one per match)",
            extra={"current_status": status},
        )


class NegotiationClosed(Conflict):
    code = "negotiation-closed"
    title = "Negotiation is over"

    def __init__(self, status: str) -> None:
        super().__init__(f"the negotiation is {status}", extra={"current_status": status})


class OfferOutOfTurn(Conflict):
    code = "offer-out-of-turn"
    title = "Wait for the other party"

    def __init__(self, side: str) -> None:
        super().__init__(
            f"the {side} made the last offer; offers alternate, so the other party answers next",
            extra={"side": side},
        )


class NoOfferToAnswer(Conflict):
    code = "no-offer-to-answer"
    title = "No offer to answer"

    def __init__(self) -> None:
        super().__init__("there is no pending offer from the other party")


class CannotAcceptOwnOffer(Conflict):
    code = "cannot-accept-own-offer"
    title = "Own offer"

    def __init__(self, side: str) -> None:
        super().__init__(f"the {side} made this offer; only the other party can accept it", extra={"side": side})


class AmendmentPending(Conflict):
    code = "amendment-pending"
    title = "An amendment is pending"

    def __init__(self, amendment_id: uuid.UUID) -> None:
        super().__init__(
            f"amendment {amendment_id} awaits a decision; decide it first",
            extra={"amendment_id": str(amendment_id)},
        )


class AmendmentNotFound(NotFound):
    code = "amendment-not-found"
    title = "Amendment not found"

    def __init__(self, amendment_id: uuid.UUID) -> None:
        super().__init__(f"no amendment {amendment_id} on this trade")


class TermsVersionNotFound(NotFound):
    code = "terms-version-not-found"
    title = "Terms version not found"

    def __init__(self, trade_number: str, version: int) -> None:
        super().__init__(f"trade {trade_number} has no terms version {version}")


class AmendmentAlreadyDecided(Conflict):
    code = "amendment-already-decided"
    title = "Amendment already decided"

    def __init__(self, status: str) -> None:
        super().__init__(f"the amendment is already {status}", extra={"current_status": status})


class CounterpartyApprovalRequired(Forbidden):
    code = "counterparty-approval-required"
    title = "The counterparty must decide"

    def __init__(self, side: str) -> None:
        super().__init__(f"the {side} requested this amendment; only the counterparty can decide it")


class ContractLocked(Conflict):
    code = "contract-locked"
    title = "Contract cannot change"

    def __init__(self, status: str) -> None:
        super().__init__(
            f"the contract is {status}; a signed contract changes only through an amendment (a new version)",
            extra={"current_status": status},
        )


class AlreadySigned(Conflict):
    code = "already-signed"
    title = "Already signed"

    def __init__(self, side: str) -> None:
        super().__init__(f"the {side} has already signed this contract", extra={"side": side})
