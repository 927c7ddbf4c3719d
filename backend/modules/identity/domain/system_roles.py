"""The roles every new tenant starts with (they can be inherited and extended, not edited)."""

from __future__ import annotations

# name -> (description, permission patterns)
SYSTEM_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "tenant_admin": ("Runs the tenant: branches, users, roles and every business permission", ("*",)),
    "trader": ("Trades commodities for the tenant", ("commodities.read",)),
    "back_office": (
        "Maintains reference data and supports trades",
        ("commodities.read", "commodities.write", "branches.read", "users.read"),
    ),
    "risk_manager": ("Watches exposure and limits", ("commodities.read", "audit.read")),
    "finance": ("Invoices, payments and accounts", ("commodities.read", "branches.read")),
    "compliance_officer": (
        "Checks who did what under which rules",
        ("commodities.read", "audit.read", "users.read", "roles.read"),
    ),
    "auditor": ("Reads everything, changes nothing", ("*.read",)),
    "partner_user": ("A business partner's person on the tenant's marketplace", ("commodities.read",)),
}
TENANT_ADMIN = "tenant_admin"
PARTNER_USER = "partner_user"
