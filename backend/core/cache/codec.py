"""How cached values become bytes and back: JSON through pydantic, never pickle.

A value read back from a shared store is data, not code: decoding builds only the declared type, so a
poisoned or stale entry can at worst fail to decode (and count as a miss). ``Decimal`` travels as
its string form and comes back exactly; dataclass views, tuples, UUIDs and aware datetimes round-trip.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar, overload

from pydantic import TypeAdapter

T = TypeVar("T")


class Codec(Protocol[T]):
    def encode(self, value: T) -> bytes: ...

    def decode(self, data: bytes) -> T: ...


class JsonCodec(Generic[T]):
    """JSON for ``type_`` (a dataclass, pydantic model, or any type pydantic can validate).

    Give the type explicitly for unions: ``JsonCodec[View | None](View | None)``.
    """

    @overload
    def __init__(self: JsonCodec[T], type_: type[T]) -> None: ...

    @overload
    def __init__(self, type_: Any) -> None: ...

    def __init__(self, type_: Any) -> None:
        self._adapter: TypeAdapter[T] = TypeAdapter(type_)

    def encode(self, value: T) -> bytes:
        return self._adapter.dump_json(value)

    def decode(self, data: bytes) -> T:
        return self._adapter.validate_json(data)
