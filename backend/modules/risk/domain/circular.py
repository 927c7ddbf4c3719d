"""Circular trading: a partner committed on one side of a commodity may not take the other side.

A partner with an unsettled sell of a commodity cannot post a buy of it, and vice versa. The
application summarises what commits the partner, as ``OpenActivity`` rows: its unsettled trades and
its active postings (an active availability is a sell in waiting; without it, posting both sides
before either trades would slip past the rule). Commodity-level, not variety-level: a buy of one
cotton variety against a sale of another is the same round trip.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from backend.modules.risk.domain.enums import ActivityKind, Outcome, Side
from backend.modules.risk.domain.errors import CircularTradingRefused
from backend.modules.risk.domain.reasons import Reason

UNSETTLED_TRADE = "circular.unsettled_opposite_trade"
ACTIVE_POSTING = "circular.active_opposite_posting"


@dataclass(frozen=True)
class OpenActivity:
    """One thing that commits the partner: ``reference`` is a trade number or a posting id."""

    commodity_id: uuid.UUID
    side: Side
    kind: ActivityKind
    reference: str


@dataclass(frozen=True)
class CircularVerdict:
    commodity_id: uuid.UUID
    side: Side
    conflicts: tuple[OpenActivity, ...]
    reasons: tuple[Reason, ...]

    @property
    def allowed(self) -> bool:
        return not self.conflicts

    @property
    def outcome(self) -> Outcome:
        return Outcome.PASS if self.allowed else Outcome.FAIL

    def raise_if_refused(self) -> None:
        """Refuse the posting with ``CircularTradingRefused`` (422) naming the conflicting references."""
        if self.conflicts:
            raise CircularTradingRefused(
                self.commodity_id,
                self.side.value,
                tuple(a.reference for a in self.conflicts),
                "; ".join(r.message for r in self.reasons),
            )


def _reason(side: Side, kind: ActivityKind, conflicts: list[OpenActivity]) -> Reason:
    refs = tuple(a.reference for a in conflicts)
    opposite = side.opposite.value
    if kind is ActivityKind.TRADE:
        code, state, noun = UNSETTLED_TRADE, "unsettled", "trade"
    else:
        code, state, noun = ACTIVE_POSTING, "active", "posting"
    what = f"an {state} {opposite} {noun}" if len(refs) == 1 else f"{state} {opposite} {noun}s"
    message = f"cannot {side.value} this commodity while holding {what} of it ({', '.join(refs)})"
    return Reason(code, Outcome.FAIL, message, refs)


def check_circular(activity: Iterable[OpenActivity], commodity_id: uuid.UUID, side: Side) -> CircularVerdict:
    """May the partner whose open ``activity`` this is take ``side`` of ``commodity_id``?"""
    conflicts = [a for a in activity if a.commodity_id == commodity_id and a.side is side.opposite]
    reasons = tuple(
        _reason(side, kind, found) for kind in ActivityKind if (found := [a for a in conflicts if a.kind is kind])
    )
    return CircularVerdict(commodity_id, side, tuple(conflicts), reasons)
