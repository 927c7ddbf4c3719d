"""Permissions of the risk context; ``risk.read`` may be limited to branches (positions)."""

from backend.core.permissions import declare

READ = declare(
    "risk.read", "Read partners' credit limits and exposure, and the tenant's positions per branch", scoped=True
)
REQUEST_LIMIT_CHANGE = declare("risk.request_limit_change", "Request a change to a partner's credit limit")
APPROVE_LIMIT_CHANGE = declare(
    "risk.approve_limit_change", "Approve or reject credit limit changes requested by someone else"
)
