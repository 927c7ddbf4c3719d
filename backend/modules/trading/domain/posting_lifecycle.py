"""The life cycle availabilities and requirements share: publish, expire, cancel, block, unblock,
the optimistic version and the check for an identical live posting.

Each aggregate names itself, its transition table and its live statuses, and supplies the events and
the status an unblocked posting returns to.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar, Generic, TypeVar

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot, DomainEvent
from backend.core.errors import FieldError
from backend.modules.trading.domain.enums import AvailabilityStatus, RequirementStatus
from backend.modules.trading.domain.errors import DuplicatePosting, IllegalTransition, check

StatusT = TypeVar("StatusT", AvailabilityStatus, RequirementStatus)


class PostingLifecycle(AggregateRoot, ABC, Generic[StatusT]):
    KIND: ClassVar[str]  # "availability" or "requirement", as errors name it
    TRANSITIONS: ClassVar[Mapping[Any, frozenset[Any]]]
    LIVE: ClassVar[frozenset[Any]]  # counted as "an identical active posting"
    WINDOW_FIELD: ClassVar[str]  # the field to change when publishing comes after the cut-off

    id: uuid.UUID
    tenant_id: uuid.UUID
    fingerprint: str
    status: StatusT
    status_reason: str | None
    expires_at: datetime
    published_at: datetime | None
    updated_at: datetime
    version: int
    persisted_version: int

    @abstractmethod
    def fingerprint_on(self, instant: datetime) -> str:
        """What makes two postings identical on the local day of ``instant``."""

    @abstractmethod
    def _status_changed(self, previous: StatusT, target: StatusT, reason: str | None) -> DomainEvent:
        """The aggregate's own status-changed event."""

    @abstractmethod
    def _published(self, now: datetime) -> DomainEvent:
        """The aggregate's own published event."""

    @abstractmethod
    def _unblocked_status(self) -> StatusT:
        """The status an unblocked posting returns to (an availability's follows its quantities)."""

    def ensure_not_duplicate_of(self, others: Iterable[PostingLifecycle[StatusT]]) -> None:
        """409 when another live posting of the same day has the same fingerprint."""
        for other in others:
            if other.id != self.id and other.status in self.LIVE and other.fingerprint == self.fingerprint:
                raise DuplicatePosting(self.KIND, other.id)

    def _touch(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1
        self.updated_at = utc_now()

    def _move(self, target: StatusT, reason: str | None = None) -> None:
        if target not in self.TRANSITIONS[self.status]:
            raise IllegalTransition(self.KIND, self.id, self.status.value, target.value)
        previous, self.status, self.status_reason = self.status, target, reason
        self._touch()
        self.record(self._status_changed(previous, target, reason))

    def publish(self, now: datetime | None = None) -> None:
        now = now or utc_now()
        statuses = type(self.status)
        if self.status is not statuses.DRAFT:  # only a draft is published; a blocked one is unblocked
            raise IllegalTransition(self.KIND, self.id, self.status.value, statuses.ACTIVE.value)
        if now >= self.expires_at:
            check([FieldError(self.WINDOW_FIELD, f"the {self.KIND} has passed its cut-off; change its window")])
        self._move(statuses.ACTIVE)
        self.published_at = now
        self.fingerprint = self.fingerprint_on(now)
        self.record(self._published(now))

    def expire_if_due(self, now: datetime) -> bool:
        """The scheduled job's step: expire at the cut-off."""
        expired = type(self.status).EXPIRED
        if now < self.expires_at or expired not in self.TRANSITIONS[self.status]:
            return False
        self._move(expired, "cut-off passed")
        return True

    def cancel(self, reason: str) -> None:
        self._move(type(self.status).CANCELLED, reason.strip() or None)

    def block(self, reason: str) -> None:
        self._move(type(self.status).BLOCKED, reason.strip() or None)

    def unblock(self, now: datetime | None = None) -> None:
        statuses = type(self.status)
        if self.status is not statuses.BLOCKED:
            raise IllegalTransition(self.KIND, self.id, self.status.value, statuses.ACTIVE.value)
        if (now or utc_now()) >= self.expires_at:
            self._move(statuses.EXPIRED, "cut-off passed while blocked")
        else:
            self._move(self._unblocked_status())
