"""Who may see which partner's risk: a partner user its own partner only, the tenant's staff all.

The HTTP layer checks the permission itself. A partner the actor may not see is a 404, never a 403,
so its existence stays hidden. Positions are the tenant's own book: its staff's business only, and
only in the branches the ``risk.read`` grant covers.
"""

from __future__ import annotations

import uuid

from backend.core.errors import Forbidden
from backend.core.principal import DataScope, Principal, UserKind
from backend.modules.risk.application.errors import RiskRecordNotFound

# permission codes (declared with their descriptions in the API package)
READ = "risk.read"
REQUEST_LIMIT_CHANGE = "risk.request_limit_change"
APPROVE_LIMIT_CHANGE = "risk.approve_limit_change"


def ensure_partner_visible(actor: Principal, partner_id: uuid.UUID) -> None:
    if actor.kind is UserKind.EXTERNAL and actor.partner_id != partner_id:
        raise RiskRecordNotFound(partner_id)


def ensure_staff(actor: Principal, action: str) -> None:
    """Credit limits and positions are decided and read by the tenant's own people."""
    if actor.kind is not UserKind.INTERNAL:
        raise Forbidden(f"only the tenant's staff may {action}")


def staff_scope(scope: DataScope) -> DataScope:
    """The tenant-wide scope of a risk decision, whoever's request it serves."""
    return DataScope(scope.tenant_id, None, scope.platform)
