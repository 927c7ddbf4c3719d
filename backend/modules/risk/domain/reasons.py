"""A named reason behind a risk decision."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.risk.domain.enums import Outcome


@dataclass(frozen=True)
class Reason:
    """``code`` is a stable slug (``party_link.same_pan``); ``message`` is safe to show to either party.

    ``evidence`` holds the identifiers that matched (a PAN, a mobile number) for internal reviewers
    only: matches are anonymous until a negotiation starts, so it must not reach the counterparty.
    """

    code: str
    outcome: Outcome
    message: str
    evidence: tuple[str, ...] = ()
