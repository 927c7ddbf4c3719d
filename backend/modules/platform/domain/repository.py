"""Ports the configuration use cases load and store through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from backend.modules.platform.domain.entry import ConfigChanged, ConfigEntry
from backend.modules.platform.domain.precedence import Setting
from backend.modules.platform.domain.scopes import Target


class ConfigRepository(Protocol):
    async def get(self, key: str, target: Target) -> ConfigEntry | None: ...

    async def add(self, entry: ConfigEntry) -> None:
        """Insert; raises ``ConcurrencyConflict`` when someone else set this target first."""

    async def save(self, entry: ConfigEntry) -> None:
        """Store a change; raises ``ConcurrencyConflict`` when the stored version moved on."""

    async def remove(self, entry: ConfigEntry) -> None:
        """Delete a cleared value; raises ``ConcurrencyConflict`` when the stored version moved on."""

    async def settings(self, key: str | None = None) -> list[Setting]:
        """Every stored value the caller may see (of ``key``, or of all keys)."""

    async def revision(self) -> int:
        """The platform-wide change counter: it moves on with every committed change."""

    async def next_revision(self) -> int:
        """Advance the counter for a change in this transaction (writers queue behind each other)."""


@dataclass(frozen=True)
class AuditRecord:
    occurred_at: datetime
    key: str
    target: Target
    old_value: Any
    old_version: int
    new_value: Any
    new_version: int
    actor: str
    revision: int


class ConfigAuditLog(Protocol):
    async def record(self, change: ConfigChanged) -> None: ...

    async def history(self, key: str, limit: int) -> list[AuditRecord]:
        """The changes of ``key`` the caller may see, newest first."""
