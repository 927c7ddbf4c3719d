"""The roles every new tenant starts with (they can be inherited and extended, not edited)."""

from __future__ import annotations

# name -> (description, permission patterns)
SYSTEM_ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "tenant_admin": ("Runs the tenant: branches, users, roles and every business permission", ("*",)),
    "trader": (
        "Trades commodities for the tenant and brings in its partners",
        (
            "commodities.read",
            "partners.read",
            "partners.create",
            "partners.update",
            "partners.submit",
            "partners.request_amendments",
            "trading.read",
            "trading.post",
            "trading.match",
            "trading.negotiate",
            "trading.trade",
            "trading.amend",
            "trading.sign",
        ),
    ),
    "back_office": (
        "Maintains reference data, onboards and approves partners, supports trades",
        (
            "commodities.read",
            "commodities.write",
            "branches.read",
            "users.read",
            "partners.read",
            "partners.create",
            "partners.update",
            "partners.submit",
            "partners.approve",
            "partners.reject",
            "partners.verify_documents",
            "partners.request_amendments",
            "partners.approve_amendments",
            "risk.read",
            "trading.read",
            "trading.approve_linked_trade",
            "finance.read",
            "finance.record_payments",
        ),
    ),
    "risk_manager": (
        "Watches exposure and limits",
        (
            "commodities.read",
            "audit.read",
            "partners.read",
            "partners.suspend",
            "risk.read",
            "risk.request_limit_change",
            "risk.approve_limit_change",
            "trading.approve_linked_trade",
            "finance.read",
        ),
    ),
    "finance": (
        "Invoices, payments and accounts",
        (
            "commodities.read",
            "branches.read",
            "partners.read",
            "finance.read",
            "finance.record_payments",
            "finance.reverse_payments",
        ),
    ),
    "compliance_officer": (
        "Checks who did what under which rules",
        (
            "commodities.read",
            "audit.read",
            "users.read",
            "roles.read",
            "partners.read",
            "partners.suspend",
            "finance.read",
        ),
    ),
    "auditor": ("Reads everything, changes nothing", ("*.read",)),
    "partner_user": (
        "A business partner's person on the tenant's marketplace (its own partner only)",
        (
            "commodities.read",
            "partners.read",
            "partners.update",
            "risk.read",
            "trading.read",
            "trading.post",
            "trading.negotiate",
            "trading.amend",
            "trading.sign",
        ),
    ),
}
TENANT_ADMIN = "tenant_admin"
PARTNER_USER = "partner_user"
