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
APPROVE_LINKED_TRADE = declare(
    "trading.approve_linked_trade",
    "Clear a trade between linked parties (a mobile number or company e-mail domain in common) by accepting"
    " its offer for a party; tenant staff only",
    scoped=True,
)
AMEND = declare(
    "trading.amend",
    "Request, approve and reject trade amendments (a partner user: for its own partner, never its own request)",
    scoped=True,
)
SIGN = declare("trading.sign", "Issue a trade's contract document and sign it for a party", scoped=True)
