"""Field types shared by every HTTP schema."""

from __future__ import annotations

from backend.core.wire_types import DecimalStr

__all__ = ["DecimalStr"]
