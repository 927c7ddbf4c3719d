"""Who may see and change which receivable: the tenant's staff, within the branches their grant
covers. The HTTP layer checks the permission itself; a receivable outside the actor's branches is a
404, never a 403, so its existence stays hidden. A receivable booked at tenant level (no branch)
needs an unscoped grant, as the tenant's positions do in risk.
"""

from __future__ import annotations

import uuid

from backend.core.errors import Forbidden
from backend.core.principal import Principal, UserKind
from backend.modules.finance.domain.errors import ReceivableNotFound
from backend.modules.finance.domain.receivable import Receivable

# permission codes (declared with their descriptions in the API package)
READ = "finance.read"
RECORD_PAYMENTS = "finance.record_payments"
REVERSE_PAYMENTS = "finance.reverse_payments"


def ensure_staff(actor: Principal, action: str) -> None:
    """Receivables and payments are the tenant's books: its own people's business only."""
    if actor.kind is not UserKind.INTERNAL:
        raise Forbidden(f"only the tenant's staff may {action}")


def within_branches(actor: Principal, permission: str, branch_id: uuid.UUID | None) -> bool:
    branches = actor.permitted_branches(permission)
    return branches is None or (branch_id is not None and branch_id in branches)


def visible(actor: Principal, permission: str, receivable: Receivable | None, trade_id: uuid.UUID) -> Receivable:
    """``receivable`` when ``actor``'s ``permission`` covers its branch; else it is not found."""
    if receivable is None or not within_branches(actor, permission, receivable.branch_id):
        raise ReceivableNotFound(trade_id)
    return receivable
