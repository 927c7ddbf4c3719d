"""The platform's own runtime configuration keys and feature flags."""

from __future__ import annotations

from backend.contracts.platform.config import declare, declare_flag

MAINTENANCE_MESSAGE = declare(
    "platform.maintenance_message",
    "A notice shown to users, e.g. of planned downtime; null shows none",
    schema={"type": ["string", "null"], "maxLength": 500},
    default=None,
)
TRADING = declare_flag("trading", "Trading screens and APIs (the trading context, while it is rolled out)")
PARTNER_PORTAL = declare_flag("partner_portal", "Sign-in and self-service for business partners' people")
