"""Snapshots of other contexts' data that the application fetches through facades and hands in."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from backend.modules.trading.domain.quality import ParameterSpec
from backend.modules.trading.domain.quantities import UnitTable


@dataclass(frozen=True)
class CommodityFacts:
    id: uuid.UUID
    code: str
    units: UnitTable
    quality: tuple[ParameterSpec, ...] = ()
    varieties: tuple[str, ...] = ()
    gst_rate: Decimal = Decimal(0)  # percent
    active: bool = True

    def known_variety(self, variety: str) -> str | None:
        """The variety as the commodity spells it, or None when it has no such variety."""
        wanted = variety.strip().casefold()
        return next((v for v in self.varieties if v.casefold() == wanted), None)


@dataclass(frozen=True)
class PartyFacts:
    """What the insider-trade rule compares between buyer and seller (from the partners facade);
    ``mobiles`` and ``emails`` (the contacts') only go on to the risk context's party-link checks."""

    partner_id: uuid.UUID
    corporate_group_id: uuid.UUID | None = None
    master_partner_id: uuid.UUID | None = None  # the master entity of a branch entity
    pan: str | None = None
    gstins: frozenset[str] = frozenset()
    mobiles: frozenset[str] = frozenset()
    emails: frozenset[str] = frozenset()
