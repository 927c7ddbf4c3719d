"""``mandi_logins_total``: every sign-in attempt counted by method and outcome at the HTTP edge."""

from __future__ import annotations

from collections.abc import Awaitable

from backend.core.errors import MandiError, TooManyRequests
from backend.core.observability.metrics import login_attempted
from backend.modules.identity.application.tokens import MfaRequired, TokenPair


def _failure(error: MandiError) -> str:
    if isinstance(error, TooManyRequests):
        return "throttled"
    return "locked" if error.code == "account-locked" else "failed"


async def counted(method: str, attempt: Awaitable[TokenPair | MfaRequired]) -> TokenPair | MfaRequired:
    """Await the sign-in ``attempt`` (password, otp or mfa) and count how it ended."""
    try:
        result = await attempt
    except MandiError as error:
        login_attempted(method, _failure(error))
        raise
    login_attempted(method, "mfa_required" if isinstance(result, MfaRequired) else "success")
    return result
