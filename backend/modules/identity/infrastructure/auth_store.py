"""Sessions, refresh tokens, one-time codes, action tokens and login throttling.

Secrets are stored as SHA-256 hashes only; the caller holds the only copy of each token or code.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.clock import utc_now
from backend.core.ids import new_uuid
from backend.modules.identity.application.ports import OtpRecord, RefreshRecord
from backend.modules.identity.infrastructure import tables
from backend.modules.identity.infrastructure.outgoing_queue import enqueue


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class SqlAuthStore:
    def __init__(self, session: AsyncSession, queued_channels: frozenset[str] = frozenset()) -> None:
        """``queued_channels``: the channels with a real transport (e-mail, SMS); see ``deliver``."""
        self._session = session
        self._queued_channels = queued_channels

    # sessions and refresh tokens (a session is one refresh-token family)

    async def open_session(
        self, user_id: uuid.UUID, tenant_id: uuid.UUID | None, lifetime: timedelta, client_address: str | None
    ) -> uuid.UUID:
        session_id = new_uuid()
        now = utc_now()
        await self._session.execute(
            tables.sessions.insert().values(
                id=session_id,
                user_id=user_id,
                tenant_id=tenant_id,
                created_at=now,
                expires_at=now + lifetime,
                client_address=client_address,
            )
        )
        return session_id

    async def add_refresh_token(self, session_id: uuid.UUID, token: str) -> None:
        await self._session.execute(
            tables.refresh_tokens.insert().values(token_hash=digest(token), session_id=session_id, issued_at=utc_now())
        )

    async def refresh_record(self, token: str) -> RefreshRecord | None:
        t, s = tables.refresh_tokens, tables.sessions
        statement = (
            select(t.c.session_id, s.c.user_id, t.c.used_at, s.c.revoked_at, s.c.expires_at)
            .join(s, s.c.id == t.c.session_id)
            .where(t.c.token_hash == digest(token))
            .with_for_update(of=t)
        )
        row = (await self._session.execute(statement)).first()
        return None if row is None else RefreshRecord(*row)

    async def mark_used(self, token: str) -> None:
        await self._session.execute(
            update(tables.refresh_tokens)
            .where(tables.refresh_tokens.c.token_hash == digest(token))
            .values(used_at=utc_now())
        )

    async def revoke_session(self, session_id: uuid.UUID, reason: str) -> None:
        await self._session.execute(
            update(tables.sessions)
            .where(tables.sessions.c.id == session_id, tables.sessions.c.revoked_at.is_(None))
            .values(revoked_at=utc_now(), revoked_reason=reason)
        )

    async def revoke_sessions_of(self, user_id: uuid.UUID, reason: str) -> None:
        await self._session.execute(
            update(tables.sessions)
            .where(tables.sessions.c.user_id == user_id, tables.sessions.c.revoked_at.is_(None))
            .values(revoked_at=utc_now(), revoked_reason=reason)
        )

    async def session_state(self, session_id: uuid.UUID, user_id: uuid.UUID) -> Any:
        """The caller's user, session and tenant state, in one round trip, for every request."""
        u, s, t = tables.users, tables.sessions, tables.tenants
        statement = (
            select(u.c.status, u.c.authz_version, s.c.revoked_at, s.c.expires_at, t.c.status.label("tenant_status"))
            .select_from(u.join(s, s.c.user_id == u.c.id).outerjoin(t, t.c.id == u.c.tenant_id))
            .where(u.c.id == user_id, s.c.id == session_id)
        )
        row: Any = (await self._session.execute(statement)).first()
        return row

    # one-time codes (mobile OTP login)

    async def add_otp(self, user_id: uuid.UUID, code_hash: str, lifetime: timedelta) -> None:
        now = utc_now()
        # a new code replaces any earlier one still open
        await self._session.execute(
            update(tables.otp_challenges)
            .where(tables.otp_challenges.c.user_id == user_id, tables.otp_challenges.c.consumed_at.is_(None))
            .values(consumed_at=now)
        )
        await self._session.execute(
            tables.otp_challenges.insert().values(
                id=new_uuid(),
                user_id=user_id,
                code_hash=code_hash,
                created_at=now,
                expires_at=now + lifetime,
                attempts=0,
            )
        )

    async def open_otp(self, user_id: uuid.UUID) -> OtpRecord | None:
        o = tables.otp_challenges
        statement = (
            select(o.c.id, o.c.user_id, o.c.code_hash, o.c.expires_at, o.c.attempts, o.c.consumed_at)
            .where(o.c.user_id == user_id, o.c.consumed_at.is_(None))
            .order_by(o.c.created_at.desc())
            .limit(1)
            .with_for_update()
        )
        row = (await self._session.execute(statement)).first()
        return None if row is None else OtpRecord(*row)

    async def count_otp_attempt(self, otp_id: uuid.UUID, consume: bool) -> None:
        values: dict[str, Any] = {"attempts": tables.otp_challenges.c.attempts + 1}
        if consume:
            values["consumed_at"] = utc_now()
        await self._session.execute(
            update(tables.otp_challenges).where(tables.otp_challenges.c.id == otp_id).values(**values)
        )

    async def recent_otps(self, user_id: uuid.UUID, since: datetime) -> int:
        o = tables.otp_challenges
        rows = await self._session.execute(select(o.c.id).where(o.c.user_id == user_id, o.c.created_at >= since))
        return len(rows.all())

    # action tokens (activation, password reset)

    async def add_action_token(self, user_id: uuid.UUID, purpose: str, token: str, lifetime: timedelta) -> None:
        now = utc_now()
        await self._session.execute(
            tables.action_tokens.insert().values(
                token_hash=digest(token), user_id=user_id, purpose=purpose, created_at=now, expires_at=now + lifetime
            )
        )

    async def use_action_token(self, token: str, purpose: str) -> uuid.UUID | None:
        """The token's user, once: a used, expired or unknown token gives None."""
        a = tables.action_tokens
        statement = (
            update(a)
            .where(
                a.c.token_hash == digest(token),
                a.c.purpose == purpose,
                a.c.used_at.is_(None),
                a.c.expires_at > utc_now(),
            )
            .values(used_at=utc_now())
            .returning(a.c.user_id)
        )
        user_id: uuid.UUID | None = (await self._session.execute(statement)).scalar_one_or_none()
        return user_id

    # throttling: failures per key inside a fixed window

    async def count_failure(self, key: str, window: timedelta) -> int:
        now = utc_now()
        lt = tables.login_throttle
        statement = (
            pg_insert(lt)
            .values(key=key, window_started_at=now, failures=1)
            .on_conflict_do_update(
                index_elements=[lt.c.key],
                set_={
                    "failures": _case_window(lt, now, window, lt.c.failures + 1, 1),
                    "window_started_at": _case_window(lt, now, window, lt.c.window_started_at, now),
                },
            )
            .returning(lt.c.failures)
        )
        return int((await self._session.execute(statement)).scalar_one())

    async def failures(self, key: str, window: timedelta) -> int:
        lt = tables.login_throttle
        row = (
            await self._session.execute(select(lt.c.failures, lt.c.window_started_at).where(lt.c.key == key))
        ).first()
        if row is None or row.window_started_at <= utc_now() - window:
            return 0
        return int(row.failures)

    async def clear_failures(self, key: str) -> None:
        await self._session.execute(tables.login_throttle.delete().where(tables.login_throttle.c.key == key))

    # messages: queued for the dispatcher where the channel has a transport, else the development sink

    async def deliver(self, channel: str, recipient: str, body: str) -> None:
        """Written in the command's transaction either way: a rolled-back command sends nothing."""
        if channel in self._queued_channels:
            await enqueue(self._session, channel, recipient, body, utc_now())
            return
        await self._session.execute(
            tables.dev_messages.insert().values(channel=channel, recipient=recipient, body=body)
        )

    async def purge_expired(self, older_than: datetime) -> int:
        """Forget sessions, codes and action tokens that ended before ``older_than``."""
        s, r, o, a = tables.sessions, tables.refresh_tokens, tables.otp_challenges, tables.action_tokens
        ended = select(s.c.id).where(s.c.expires_at < older_than)
        removed = 0
        for statement in (
            r.delete().where(r.c.session_id.in_(ended)),
            s.delete().where(s.c.expires_at < older_than),
            o.delete().where(o.c.expires_at < older_than),
            a.delete().where(a.c.expires_at < older_than),
        ):
            result = await self._session.execute(statement)
            removed += int(getattr(result, "rowcount", 0) or 0)
        return removed


def _case_window(lt: Any, now: datetime, window: timedelta, inside: Any, fresh: Any) -> Any:
    """``inside`` while the key's window is still open, else ``fresh`` (a new window starts)."""
    return case((lt.c.window_started_at > now - window, inside), else_=fresh)
