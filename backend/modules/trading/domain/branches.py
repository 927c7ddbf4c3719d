"""The tenant's branches holding a deal's parties."""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class PartyBranches:
    """The tenant's branches holding each party's relationship, frozen when a negotiation starts or a
    trade is booked, whatever happens to the partners later: staff limited to branches see the deals
    of either party's branch, and a trade's buyer is long the goods in the first, its seller short in
    the second (positions). None: the party is held at tenant level."""

    buyer: uuid.UUID | None = None
    seller: uuid.UUID | None = None

    @property
    def shared(self) -> uuid.UUID | None:
        """The one branch both sides belong to, else None."""
        return self.buyer if self.buyer == self.seller else None
