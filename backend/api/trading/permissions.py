"""Permissions of the trading context."""

from backend.core.permissions import declare

READ = declare("trading.read", "Read postings (a partner user: its own partner's) and their matches", scoped=True)
POST = declare("trading.post", "Create, publish and cancel availabilities and requirements", scoped=True)
MATCH = declare("trading.match", "Run matching for a requirement on demand", scoped=True)
NEGOTIATE = declare(
    "trading.negotiate",
    "Start negotiations on matches, make, accept and reject offers, withdraw (a partner user: for its own partner)",
    scoped=True,
)
TRADE = declare(
    "trading.trade", "Move trades along their status (ship, deliver, complete, dispute, cancel)", scoped=True
)
