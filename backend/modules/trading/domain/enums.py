"""The closed vocabularies of the trading context and the status machines built on them."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    """Which side of a deal a party is on."""

    BUYER = "buyer"
    SELLER = "seller"


class Visibility(StrEnum):
    PUBLIC = "public"  # every counterparty of the tenant may be matched
    RESTRICTED = "restricted"  # only the listed counterparties
    INTERNAL = "internal"  # the tenant's own desks only; never offered to automatic matching


class Urgency(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class PriceType(StrEnum):
    FIXED = "fixed"  # offers in a negotiation cannot change the price
    NEGOTIABLE = "negotiable"


class RiskVerdict(StrEnum):
    """What the risk context said about a pair of parties; matching takes it as an input."""

    PASS = "pass"  # noqa: S105 - a verdict, not a password
    WARN = "warn"
    FAIL = "fail"


class AvailabilityStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    RESERVED = "reserved"  # nothing available, some quantity held for a deal in progress
    SOLD = "sold"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    BLOCKED = "blocked"  # stopped by compliance or risk; may be released back to active


class RequirementStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    FULFILLED = "fulfilled"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    BLOCKED = "blocked"


class MatchStatus(StrEnum):
    OPEN = "open"
    NEGOTIATING = "negotiating"
    CLOSED = "closed"


class NegotiationStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class OfferStatus(StrEnum):
    PENDING = "pending"
    COUNTERED = "countered"  # the other side answered with an offer of its own
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class TradeStatus(StrEnum):
    ACTIVE = "active"
    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    DISPUTED = "disputed"


class AmendmentStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class SignatureTier(StrEnum):
    """How strongly a signature binds its signer, weakest first."""

    BASIC = "basic"  # click-to-sign by an authenticated user
    E_SIGN = "e_sign"  # Aadhaar eSign or a comparable provider
    DSC = "dsc"  # a digital signature certificate

    @property
    def rank(self) -> int:
        return list(SignatureTier).index(self)


class ContractStatus(StrEnum):
    DRAFT = "draft"  # no signature yet; the document may still be replaced
    PARTIALLY_SIGNED = "partially_signed"
    SIGNED = "signed"
    SUPERSEDED = "superseded"  # an amendment produced a newer version


A = AvailabilityStatus
AVAILABILITY_TRANSITIONS: dict[AvailabilityStatus, frozenset[AvailabilityStatus]] = {
    A.DRAFT: frozenset({A.ACTIVE, A.CANCELLED}),
    A.ACTIVE: frozenset({A.RESERVED, A.SOLD, A.EXPIRED, A.CANCELLED, A.BLOCKED}),
    A.RESERVED: frozenset({A.ACTIVE, A.SOLD, A.EXPIRED, A.BLOCKED}),
    A.BLOCKED: frozenset({A.ACTIVE, A.RESERVED, A.EXPIRED, A.CANCELLED}),
    A.SOLD: frozenset(),
    A.EXPIRED: frozenset(),
    A.CANCELLED: frozenset(),
}

R = RequirementStatus
REQUIREMENT_TRANSITIONS: dict[RequirementStatus, frozenset[RequirementStatus]] = {
    R.DRAFT: frozenset({R.ACTIVE, R.CANCELLED}),
    R.ACTIVE: frozenset({R.PARTIALLY_FULFILLED, R.FULFILLED, R.EXPIRED, R.CANCELLED, R.BLOCKED}),
    R.PARTIALLY_FULFILLED: frozenset({R.FULFILLED, R.EXPIRED, R.CANCELLED, R.BLOCKED}),
    R.BLOCKED: frozenset({R.ACTIVE, R.PARTIALLY_FULFILLED, R.EXPIRED, R.CANCELLED}),
    R.FULFILLED: frozenset(),
    R.EXPIRED: frozenset(),
    R.CANCELLED: frozenset(),
}

T = TradeStatus
TRADE_TRANSITIONS: dict[TradeStatus, frozenset[TradeStatus]] = {
    T.ACTIVE: frozenset({T.IN_TRANSIT, T.CANCELLED, T.DISPUTED}),
    T.IN_TRANSIT: frozenset({T.DELIVERED, T.DISPUTED}),
    T.DELIVERED: frozenset({T.COMPLETED, T.DISPUTED}),
    T.DISPUTED: frozenset({T.ACTIVE, T.CANCELLED}),
    T.COMPLETED: frozenset(),
    T.CANCELLED: frozenset(),
}
# amendments change what is still to be performed: never after delivery, never on a closed trade
AMENDABLE_TRADE_STATUSES = frozenset({T.ACTIVE, T.IN_TRANSIT})

del A, R, T
