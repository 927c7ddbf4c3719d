"""Identifier helpers."""

from __future__ import annotations

import os
import time
import uuid


def new_uuid() -> uuid.UUID:
    """A time-ordered UUID (version 7 layout), so new rows land at the end of B-tree indexes."""
    millis = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (millis & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)
