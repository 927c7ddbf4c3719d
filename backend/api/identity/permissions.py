"""Permissions of identity and access."""

from backend.core.permissions import declare

TENANTS_MANAGE = declare("tenants.manage", "Create, suspend and reactivate tenants", platform_only=True)
TENANTS_READ = declare("tenants.read", "Read the tenant's own settings")
BRANCHES_READ = declare("branches.read", "Read branches", scoped=True)
BRANCHES_WRITE = declare("branches.write", "Open and change branches")
USERS_READ = declare("users.read", "Read users")
USERS_WRITE = declare("users.write", "Invite, enable, disable, unlock users and reset their passwords")
ROLES_READ = declare("roles.read", "Read roles, assignments and separation-of-duty sets")
ROLES_WRITE = declare("roles.write", "Define roles and separation-of-duty sets")
ROLES_ASSIGN = declare("roles.assign", "Assign roles to users and revoke assignments")
AUDIT_READ = declare("audit.read", "Read the audit trail")
