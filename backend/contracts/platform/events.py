"""Integration events published by the platform context (wire names are permanent)."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from backend.core.messaging.events import IntegrationEvent


class ConfigChangedV1(IntegrationEvent):
    """A runtime configuration value was set or cleared at one scope; readers reload their snapshot."""

    wire_name: ClassVar[str] = "platform.config_changed.v1"
    aggregate_type: ClassVar[str] = "config_key"
    aggregate_field: ClassVar[str] = "key"

    key: str
    scope: str  # platform | tenant | branch
    tenant_id: uuid.UUID | None
    branch_id: uuid.UUID | None
    version: int  # of the value at that scope; 0 once cleared
    revision: int  # the platform-wide change counter: a reader at this revision or later has the change
    value: Any = None  # the new value at that scope (JSON); None as well when cleared
    cleared: bool = False
