"""The configuration every process reads: a snapshot of all stored values, kept current.

Reads are served from memory. The snapshot follows changes two ways: a committed change in this
process, or ``platform.config_changed.v1`` handled here, marks it stale at once; and, so that every
process converges even without a broker (which hands an event to one worker only), the first read
after ``poll_seconds`` asks the database for the change counter, one tiny query, and reloads only
when the counter moved. A value is therefore never older than ``poll_seconds`` plus one query.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from backend.contracts.platform.config import FLAG_PREFIX
from backend.contracts.platform.events import ConfigChangedV1
from backend.core.messaging.events import IntegrationEvent
from backend.modules.platform.application import catalogue
from backend.modules.platform.application.unit_of_work import PlatformUnitOfWork
from backend.modules.platform.domain.flags import FlagRule
from backend.modules.platform.domain.precedence import Effective, Setting, effective, index
from backend.modules.platform.domain.scopes import Target

log = logging.getLogger(__name__)

CONSUMER = "platform.on_config_changed_reload"


@dataclass(frozen=True)
class Snapshot:
    revision: int
    settings: dict[tuple[str, Target], Setting]


class RuntimeConfig:
    """Implements ``backend.contracts.platform.queries.ConfigReader`` for one process.

    ``uow_factory`` must give a unit of work that sees every tenant's values (the system scope).
    """

    def __init__(
        self,
        uow_factory: Callable[[], PlatformUnitOfWork],
        poll_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._uow_factory = uow_factory
        self._poll_seconds = poll_seconds
        self._clock = clock
        self._snapshot: Snapshot | None = None
        self._checked_at = float("-inf")
        self._stale_marks = 0  # bumped by invalidate(); a refresh that raced one leaves the snapshot due
        self._lock = asyncio.Lock()
        self.loads = 0  # full reloads so far (for tests and metrics)

    async def value(self, key: str, *, tenant_id: uuid.UUID | None = None, branch_id: uuid.UUID | None = None) -> Any:
        return (await self.effective(key, tenant_id=tenant_id, branch_id=branch_id)).value

    async def flag(self, name: str, *, tenant_id: uuid.UUID | None = None) -> bool:
        key = name if name.startswith(FLAG_PREFIX) else f"{FLAG_PREFIX}{name}"
        rule = FlagRule.from_value(await self.value(key, tenant_id=tenant_id))
        return rule.is_on(key, tenant_id)

    async def effective(
        self, key: str, *, tenant_id: uuid.UUID | None = None, branch_id: uuid.UUID | None = None
    ) -> Effective:
        definition = catalogue.definition(key)
        reader = Target.narrowest(tenant_id, branch_id)
        snapshot = await self._current()
        return effective(key, definition.default, snapshot.settings, reader)

    @property
    def revision(self) -> int | None:
        """The change counter the snapshot reflects; None before the first read."""
        return None if self._snapshot is None else self._snapshot.revision

    def invalidate(self) -> None:
        """Make the next read check the database (a change was committed or announced)."""
        self._stale_marks += 1
        self._checked_at = float("-inf")

    async def on_config_changed(self, event: IntegrationEvent) -> None:
        """Bus subscriber: a change this snapshot does not have yet makes it stale."""
        if not isinstance(event, ConfigChangedV1):
            return
        if self._snapshot is None or event.revision > self._snapshot.revision:
            self.invalidate()

    def _due(self) -> bool:
        return self._clock() - self._checked_at >= self._poll_seconds

    async def _current(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is not None and (not self._due() or self._lock.locked()):
            return snapshot  # fresh enough, or another reader is checking right now
        async with self._lock:
            if self._snapshot is None or self._due():
                try:
                    await self._refresh()
                except Exception:
                    if self._snapshot is None:
                        raise
                    # an unreachable database must not fail every read: keep serving the last
                    # snapshot and try again after the next interval
                    log.warning("runtime configuration check failed; serving the last snapshot", exc_info=True)
                    self._checked_at = self._clock()
            assert self._snapshot is not None
            return self._snapshot

    async def _refresh(self) -> None:
        marks, started = self._stale_marks, self._clock()
        async with self._uow_factory() as uow:
            revision = await uow.config.revision()
            if self._snapshot is None or revision != self._snapshot.revision:
                # the rows are read after the counter: a change in between is newer than the
                # recorded revision, so the next check reloads again rather than miss it
                self._snapshot = Snapshot(revision, index(await uow.config.settings()))
                self.loads += 1
        if marks == self._stale_marks:
            self._checked_at = started
