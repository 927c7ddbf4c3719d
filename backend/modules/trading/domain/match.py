"""A match: a requirement and an availability that passed the filters, with the explained score.

Parties know a match only by its anonymous ``token`` (made by the application) until one of them
starts the single negotiation it allows; identities are revealed from then on.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.enums import MatchStatus, Side
from backend.modules.trading.domain.errors import MatchNotOpen, NotAParty, check
from backend.modules.trading.domain.matching import MatchResult
from backend.modules.trading.domain.scoring import MatchScore


@dataclass(eq=False)
class Match(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    token: str
    score: MatchScore
    distance_km: Decimal
    delivery_location_id: uuid.UUID
    status: MatchStatus = MatchStatus.OPEN
    created_at: datetime = field(default_factory=utc_now)
    updated_at: datetime = field(default_factory=utc_now)
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def found(cls, *, tenant_id: uuid.UUID, buyer_partner_id: uuid.UUID, result: MatchResult, token: str) -> Match:
        check([] if token.strip() else [FieldError("token", "a match needs its anonymous token")])
        match = cls(
            id=new_uuid(),
            tenant_id=tenant_id,
            requirement_id=result.requirement_id,
            availability_id=result.availability_id,
            buyer_partner_id=buyer_partner_id,
            seller_partner_id=result.seller_partner_id,
            token=token.strip(),
            score=result.score,
            distance_km=result.distance_km,
            delivery_location_id=result.delivery_location_id,
        )
        match.record(
            ev.MatchFound(
                tenant_id=tenant_id,
                match_id=match.id,
                requirement_id=match.requirement_id,
                availability_id=match.availability_id,
                score=result.score.total,
                quality_score=result.score.quality,
                price_score=result.score.price,
                delivery_score=result.score.delivery,
                risk_score=result.score.risk,
                buyer_partner_id=buyer_partner_id,
                seller_partner_id=match.seller_partner_id,
                token=match.token,
            )
        )
        return match

    def side_of(self, partner_id: uuid.UUID) -> Side:
        if partner_id == self.buyer_partner_id:
            return Side.BUYER
        if partner_id == self.seller_partner_id:
            return Side.SELLER
        raise NotAParty("match", partner_id)

    def rescore(self, result: MatchResult) -> None:
        """Matching ran again on demand: an open match keeps the newer explanation."""
        if self.status is MatchStatus.OPEN and result.score != self.score:
            self.score, self.distance_km = result.score, result.distance_km
            self.delivery_location_id = result.delivery_location_id
            self._touch()

    def _touch(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = utc_now()

    def _move(self, target: MatchStatus) -> None:
        previous, self.status = self.status, target
        self._touch()
        self.record(
            ev.MatchStatusChanged(
                tenant_id=self.tenant_id, match_id=self.id, from_status=previous.value, to_status=target.value
            )
        )

    def begin_negotiation(self) -> None:
        """One negotiation per match: only an open match starts one."""
        if self.status is not MatchStatus.OPEN:
            raise MatchNotOpen(self.status.value)
        self._move(MatchStatus.NEGOTIATING)

    def close(self) -> bool:
        """The negotiation ended (in a trade or not) or a posting went away; False if already closed."""
        if self.status is MatchStatus.CLOSED:
            return False
        self._move(MatchStatus.CLOSED)
        return True
