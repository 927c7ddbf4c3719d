"""The envelope every integration event travels in, on any transport."""

from __future__ import annotations

import uuid
from typing import Any

import orjson
from pydantic import AwareDatetime, BaseModel, ConfigDict

from backend.core.messaging.events import IntegrationEvent, decode_event


class Envelope(BaseModel):
    """Who, when, why and in which trace an event happened, around its versioned payload."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: uuid.UUID
    wire_name: str
    version: int
    occurred_at: AwareDatetime
    aggregate_type: str
    aggregate_id: str
    tenant_id: str | None = None
    actor_id: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None
    payload: dict[str, Any]

    @property
    def context(self) -> str:
        """The publishing context: the first part of the wire name (``commodities``)."""
        return self.wire_name.split(".", 1)[0]

    @classmethod
    def wrap(cls, event: IntegrationEvent, **context: Any) -> Envelope:
        """An envelope for ``event`` with the given context fields (tenant_id, actor_id, ...)."""
        return cls(
            event_id=event.event_id,
            wire_name=event.wire_name,
            version=event.schema_version,
            occurred_at=event.occurred_at,
            aggregate_type=event.aggregate_type,
            aggregate_id=event.aggregate_id,
            payload=event.model_dump(mode="json", exclude={"event_id", "occurred_at"}),
            **context,
        )

    def event(self) -> IntegrationEvent:
        return decode_event(self.wire_name, self.event_id, self.occurred_at, self.payload)

    def to_bytes(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json"))

    @classmethod
    def from_bytes(cls, data: bytes) -> Envelope:
        return cls.model_validate(orjson.loads(data))
