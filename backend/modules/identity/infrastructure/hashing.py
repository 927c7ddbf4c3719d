"""Argon2id password hashing (RFC 9106 low-memory profile: t=3, m=64 MiB, p=4)."""

from __future__ import annotations

import asyncio

from argon2 import PasswordHasher as _Argon2
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


class Argon2PasswordHasher:
    def __init__(self, time_cost: int = 3, memory_cost_kib: int = 64 * 1024, parallelism: int = 4) -> None:
        self._argon2 = _Argon2(time_cost=time_cost, memory_cost=memory_cost_kib, parallelism=parallelism)
        self._dummy = self._argon2.hash("an unknown user's password is checked against this")

    @property
    def parameters(self) -> str:
        p = self._argon2
        return f"argon2id t={p.time_cost} m={p.memory_cost} KiB p={p.parallelism}"

    # libargon2 releases the GIL: in a worker thread a hash no longer stalls every other request
    async def hash(self, password: str) -> str:
        return await asyncio.to_thread(self._argon2.hash, password)

    async def verify(self, password_hash: str, password: str) -> bool:
        return await asyncio.to_thread(self._verify, password_hash, password)

    async def dummy_verify(self, password: str) -> None:
        await self.verify(self._dummy, password)

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._argon2.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
