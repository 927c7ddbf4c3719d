"""A value set for one key at one target: versioned, and every change recorded as an event."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot, DomainEvent
from backend.modules.platform.domain.precedence import Setting
from backend.modules.platform.domain.scopes import Target


@dataclass(frozen=True, kw_only=True)
class ConfigChanged(DomainEvent):
    """Set (``new_version`` > 0) or cleared (``new_version`` 0); versions 0 mean "no value"."""

    key: str
    target: Target
    old_value: Any
    old_version: int
    new_value: Any
    new_version: int
    actor: str
    revision: int

    @property
    def cleared(self) -> bool:
        return self.new_version == 0


@dataclass(eq=False)
class ConfigEntry(AggregateRoot):
    key: str
    target: Target
    value: Any
    version: int
    updated_at: datetime
    updated_by: str
    persisted_version: int = field(default=0)
    cleared: bool = field(default=False)

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def create(
        cls, key: str, target: Target, value: Any, actor: str, revision: int
    ) -> tuple[ConfigEntry, ConfigChanged]:
        now = utc_now()
        entry = cls(key=key, target=target, value=value, version=1, updated_at=now, updated_by=actor)
        change = ConfigChanged(
            key=key,
            target=target,
            old_value=None,
            old_version=0,
            new_value=value,
            new_version=1,
            actor=actor,
            revision=revision,
            occurred_at=now,
        )
        entry.record(change)
        return entry, change

    def change(self, value: Any, actor: str, revision: int) -> ConfigChanged:
        now = utc_now()
        change = ConfigChanged(
            key=self.key,
            target=self.target,
            old_value=self.value,
            old_version=self.version,
            new_value=value,
            new_version=self.version + 1,
            actor=actor,
            revision=revision,
            occurred_at=now,
        )
        self.value, self.version, self.updated_at, self.updated_by = value, self.version + 1, now, actor
        self.record(change)
        return change

    def clear(self, actor: str, revision: int) -> ConfigChanged:
        """The target falls back to the next wider value (or the default)."""
        change = ConfigChanged(
            key=self.key,
            target=self.target,
            old_value=self.value,
            old_version=self.version,
            new_value=None,
            new_version=0,
            actor=actor,
            revision=revision,
        )
        self.cleared = True
        self.record(change)
        return change

    def setting(self) -> Setting:
        return Setting(self.key, self.target, self.value, self.version)
