"""An access token to a ``Principal``: signature, expiry, then one look at the live session."""

from __future__ import annotations

import uuid

from backend.core.clock import utc_now
from backend.core.principal import Principal, UserKind
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.grants import decode_grants
from backend.modules.identity.application.session_cache import session_state
from backend.modules.identity.application.tokens import ACCESS, verified_claims
from backend.modules.identity.domain.errors import InvalidToken


def _uuid(value: object) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(str(value))


async def authenticate(token: str, ctx: AuthContext) -> Principal:
    claims = await verified_claims(ctx, token, ACCESS)
    try:
        user_id, session_id = uuid.UUID(claims["sub"]), uuid.UUID(claims["sid"])
        principal = Principal(
            user_id=user_id,
            kind=UserKind(claims["knd"]),
            tenant_id=_uuid(claims.get("tid")),
            partner_id=_uuid(claims.get("pid")),
            roles=frozenset(claims.get("roles", ())),
            grants=decode_grants(claims.get("grants", {})),
            session_id=session_id,
        )
    except (KeyError, ValueError, TypeError) as error:
        raise InvalidToken("the token's claims are malformed") from error
    state = await session_state(ctx, principal.tenant_id, user_id, session_id)  # cached for seconds
    if state is None or state.revoked_at is not None or state.expires_at <= utc_now():
        raise InvalidToken("the session has ended; sign in again")
    # a lock stops new sign-ins; it must not let a password guesser end the owner's sessions
    if state.status not in ("active", "locked") or state.tenant_status == "suspended":
        raise InvalidToken("the account is no longer active")
    if state.authz_version != claims.get("pv"):
        raise InvalidToken("permissions changed since this token was issued; refresh it")
    return principal
