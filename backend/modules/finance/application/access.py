"""Who may see and change which receivable: the tenant's staff, within the branches and commodities
their grant covers (``core.reach``). The HTTP layer checks the permission itself; a receivable
outside the actor's reach is a 404, never a 403, so its existence stays hidden. A receivable booked
at tenant level (no branch) needs a grant without a branch limit, as the tenant's positions do in
risk; one opened before receivables carried their commodity (null) one without a commodity limit.
"""

from __future__ import annotations

import uuid

from backend.core.errors import Forbidden
from backend.core.principal import Principal, UserKind
from backend.core.reach import covers
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


def reaches(actor: Principal, permission: str, receivable: Receivable) -> bool:
    """Whether ``actor``'s grant of ``permission`` covers the receivable's branch and commodity."""
    return covers(actor, permission, receivable.commodity_id, receivable.branch_id)


def visible(actor: Principal, permission: str, receivable: Receivable | None, trade_id: uuid.UUID) -> Receivable:
    """``receivable`` when ``actor``'s ``permission`` covers its branch and commodity; else it is not found."""
    if receivable is None or not reaches(actor, permission, receivable):
        raise ReceivableNotFound(trade_id)
    return receivable
