"""The closed vocabularies of the risk context."""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    BUY = "buy"
    SELL = "sell"

    @property
    def opposite(self) -> Side:
        return Side.SELL if self is Side.BUY else Side.BUY


class CreditSource(StrEnum):
    RECOMMENDED_ON_APPROVAL = "recommended_on_approval"  # the partners context's recommendation at approval
    AMENDED = "amended"  # a credit-limit amendment approved (maker-checker) in the partners context
    MANUAL = "manual"  # a change requested and approved (maker-checker) here in risk


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"  # an amendment changed the limit while this request waited


class Band(StrEnum):
    """Credit utilization bands, ordered green < yellow < red."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def rank(self) -> int:
        return _BAND_RANK[self]


_BAND_RANK = {Band.GREEN: 0, Band.YELLOW: 1, Band.RED: 2}


class Outcome(StrEnum):
    """What the trading matcher consumes: pass, warn (needs an internal approver) or fail."""

    PASS = "pass"  # noqa: S105 (a verdict, not a password)
    WARN = "warn"
    FAIL = "fail"

    @property
    def rank(self) -> int:
        return _OUTCOME_RANK[self]


_OUTCOME_RANK = {Outcome.PASS: 0, Outcome.WARN: 1, Outcome.FAIL: 2}


class ActivityKind(StrEnum):
    """What keeps a partner committed on one side of a commodity."""

    TRADE = "trade"  # a confirmed trade not yet settled
    POSTING = "posting"  # an active requirement (buy) or availability (sell)
