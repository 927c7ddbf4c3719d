"""Permissions of the commodity master."""

from backend.core.permissions import declare

READ = declare("commodities.read", "Read commodities, convert units, check quality")
WRITE = declare("commodities.write", "Create and change commodities (a tenant's own, or global for the platform)")
