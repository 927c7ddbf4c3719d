"""How far a staff member's grants of one permission reach: the branches and the commodities each
grant names. A thing is reached when one grant covers both its commodity and one of its branches
(a posting's partner's branch, either party's for a deal, a position's); one held at tenant level
(no branch) only by a grant without a branch limit. A partner user is limited by its partner
instead, so nothing here limits it. ``backend.db.scoping.within_reach`` says the same in SQL."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Grant, Principal, UserKind


def _reaches(grant: Grant, commodity_id: uuid.UUID | None, branches: tuple[uuid.UUID | None, ...]) -> bool:
    if grant.commodities is not None and commodity_id not in grant.commodities:
        return False
    return grant.branches is None or any(branch in grant.branches for branch in branches if branch is not None)


@dataclass(frozen=True)
class Reach:
    """The limited grants of one permission: something is reached when one of them covers it."""

    grants: tuple[Grant, ...]

    def covers(self, commodity_id: uuid.UUID | None, *branches: uuid.UUID | None) -> bool:
        return any(_reaches(grant, commodity_id, branches) for grant in self.grants)


def reach_of(actor: Principal, permission: str) -> Reach | None:
    """None when nothing limits ``actor``'s ``permission``: a partner user, or a grant without limits."""
    if actor.kind is UserKind.EXTERNAL:
        return None
    grants = actor.grants.get(permission, ())
    if any(grant.branches is None and grant.commodities is None for grant in grants):
        return None
    return Reach(tuple(grants))


def covers(actor: Principal, permission: str, commodity_id: uuid.UUID | None, *branches: uuid.UUID | None) -> bool:
    reach = reach_of(actor, permission)
    return reach is None or reach.covers(commodity_id, *branches)
