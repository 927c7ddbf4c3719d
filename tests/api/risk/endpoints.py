"""Every risk endpoint once, with its permission and a body the schema accepts, and a snapshot of the
tenant's risk rows, for the matrix tests (the trading matrix's ``Endpoint`` and ``snapshot``)."""

from __future__ import annotations

from sqlalchemy.sql.schema import Table

from backend.modules.risk.infrastructure import tables
from tests.api.trading.endpoints import TOO_LONG, BadValues, Endpoint

RISK_TABLES: tuple[Table, ...] = (
    tables.credit_limits,
    tables.credit_limit_changes,
    tables.credit_reservations,
    tables.exposures,
    tables.exposure_trades,
    tables.trade_records,
    tables.positions,
    tables.outbox,
)

PARTNER = "/api/v1/risk/partners/{partner_id}"
CHANGES = PARTNER + "/credit-limit/changes"
POSITIONS = "/api/v1/risk/positions"
REASON_BAD_VALUES: BadValues = (
    ("reason", "", "reason"),
    ("reason", TOO_LONG, "reason"),
    ("reason", ["new season"], "reason"),
    ("reason", "new\x00season", "reason"),  # PostgreSQL cannot store a NUL
)

ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("GET", PARTNER + "/exposure", "risk.read"),
    Endpoint("GET", PARTNER + "/credit-limit", "risk.read"),
    Endpoint(
        "POST",
        CHANGES,
        "risk.request_limit_change",
        {"new_amount": "2500000", "reason": "new season"},
        body_required=True,
        bad_values=(
            ("new_amount", 2500000.5, "new_amount"),
            ("new_amount", True, "new_amount"),
            ("new_amount", "NaN", "new_amount"),
            ("new_amount", "-Infinity", "new_amount"),
            ("new_amount", "2.5 million", "new_amount"),
            ("new_amount", None, "new_amount"),
            *REASON_BAD_VALUES,
        ),
    ),
    Endpoint("POST", CHANGES + "/{change_id}/approve", "risk.approve_limit_change"),
    Endpoint(
        "POST",
        CHANGES + "/{change_id}/reject",
        "risk.approve_limit_change",
        {"reason": "no history yet"},
        body_required=True,
        bad_values=REASON_BAD_VALUES,
    ),
    Endpoint("GET", POSITIONS, "risk.read"),
)
BY_PARTNER = tuple(e for e in ENDPOINTS if e.params)
