"""Integration events: the versioned, published form of what happened in a context."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from backend.core.clock import utc_now
from backend.core.ids import new_uuid

_WIRE_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*\.v[1-9][0-9]*$")

_REGISTRY: dict[str, type[IntegrationEvent]] = {}


class IntegrationEvent(BaseModel):
    """Base of every published event.

    Subclasses set ``wire_name`` (``<context>.<event>.v<N>``, never changed once published) and
    ``aggregate_field``, the payload field that identifies the aggregate (delivery keeps order
    per aggregate).
    """

    # tolerant reader: a consumer on an older copy of the contract ignores fields added since
    model_config = ConfigDict(frozen=True, extra="ignore")

    wire_name: ClassVar[str]
    aggregate_type: ClassVar[str]
    aggregate_field: ClassVar[str]

    event_id: uuid.UUID = Field(default_factory=new_uuid)
    occurred_at: AwareDatetime = Field(default_factory=utc_now)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        name = cls.__dict__.get("wire_name")
        if name is None:
            return
        if not _WIRE_NAME.match(name):
            raise ValueError(f"wire name {name!r} must look like '<context>.<event>.v<N>'")
        existing = _REGISTRY.get(name)
        if existing is not None and (existing.__module__, existing.__qualname__) != (cls.__module__, cls.__qualname__):
            raise ValueError(f"wire name {name!r} is already used by {existing.__module__}.{existing.__qualname__}")
        _REGISTRY[name] = cls

    @property
    def aggregate_id(self) -> str:
        return str(getattr(self, self.aggregate_field))

    @property
    def schema_version(self) -> int:
        return int(self.wire_name.rsplit(".v", 1)[1])


def event_type(wire_name: str) -> type[IntegrationEvent]:
    """The event class published under ``wire_name``; ``KeyError`` when none is registered."""
    return _REGISTRY[wire_name]


def registered_events() -> dict[str, type[IntegrationEvent]]:
    """Every event class imported so far, by wire name."""
    return dict(_REGISTRY)


def decode_event(
    wire_name: str, event_id: uuid.UUID, occurred_at: datetime, payload: dict[str, Any]
) -> IntegrationEvent:
    """Rebuild an event from its stored or transported form."""
    cls = event_type(wire_name)
    return cls.model_validate({**payload, "event_id": event_id, "occurred_at": occurred_at})
