"""TOTP codes (RFC 6238, 30 s steps): which step a code belongs to, allowing one step of clock drift."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

from backend.core.clock import utc_now


def matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utc_now())
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code.strip()):
            return step
    return None
