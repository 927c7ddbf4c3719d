"""Permissions of runtime configuration (platform-wide values need a platform operator besides)."""

from backend.core.permissions import declare

CONFIG_READ = declare("config.read", "Read runtime configuration and feature flags, and who changed them")
CONFIG_WRITE = declare(
    "config.write", "Set and clear runtime configuration for the tenant or some of its branches", scoped=True
)
