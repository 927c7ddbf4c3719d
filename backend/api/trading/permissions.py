"""Permissions of the trading context."""

from backend.core.permissions import declare

READ = declare("trading.read", "Read postings (a partner user: its own partner's) and their matches", scoped=True)
POST = declare("trading.post", "Create, publish and cancel availabilities and requirements", scoped=True)
MATCH = declare("trading.match", "Run matching for a requirement on demand", scoped=True)
