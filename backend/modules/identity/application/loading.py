"""Loading identity aggregates or failing with the right not-found error."""

from __future__ import annotations

import uuid
from typing import Protocol, TypeVar

from backend.modules.identity.domain.errors import ResourceNotFound

A = TypeVar("A", covariant=True)


class _Getter(Protocol[A]):
    async def get(self, aggregate_id: uuid.UUID, *, for_update: bool = False) -> A | None: ...


async def must_get(repository: _Getter[A], aggregate_id: uuid.UUID, kind: str, *, for_update: bool = False) -> A:
    found = await repository.get(aggregate_id, for_update=for_update)
    if found is None:
        raise ResourceNotFound(kind, aggregate_id)
    return found
