"""The unit of work port the platform use cases run in."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from backend.core.principal import DataScope
from backend.modules.platform.domain.repository import ConfigAuditLog, ConfigRepository


class PlatformUnitOfWork(Protocol):
    @property
    def config(self) -> ConfigRepository: ...

    @property
    def config_audit(self) -> ConfigAuditLog: ...

    @property
    def scope(self) -> DataScope:
        """Whose data this unit of work may see and change."""

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None: ...
