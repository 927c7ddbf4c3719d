"""``Idempotency-Key`` on POST: the same key and body replay the stored response.

The same key with another body is a 422; while the first request still runs, a second one with
its key gets a 409. Responses of 5xx are not stored, so the client may retry them with the key.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.idempotency.store import IdempotencyStore, Outcome, StoredResponse
from backend.api.problems import problem_response
from backend.api.request_id import request_id_of

log = logging.getLogger(__name__)

HEADER = b"idempotency-key"
_SANE_KEY = re.compile(rb"^[\x21-\x7e]{1,255}$")
# headers that describe this particular response, not the stored one
_NOT_STORED = {b"x-request-id", b"date", b"server", b"content-length"}


class IdempotencyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        store: Callable[[], IdempotencyStore],
        caller: Callable[[Scope], str | None],
        exempt_prefixes: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self._store = store
        self._caller = caller
        self._exempt = exempt_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"].startswith(self._exempt):
            await self.app(scope, receive, send)
            return
        raw_key = next((value for name, value in scope["headers"] if name == HEADER), None)
        if raw_key is None:
            await self.app(scope, receive, send)
            return
        if not _SANE_KEY.match(raw_key):
            await self._problem(
                scope,
                send,
                422,
                "invalid-idempotency-key",
                "Invalid Idempotency-Key",
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
            )
            return
        body, replay_receive = await _read_body(receive)
        key = raw_key.decode()
        caller = self._caller(scope)
        if caller is None:
            # not authenticated: the route answers 401, and nothing may be replayed to such a caller
            await self.app(scope, replay_receive, send)
            return
        # keys are the caller's own: another user's identical key never replays this response
        scope_name = f"{scope['method']} {scope['path']} {caller}"
        request_hash = hashlib.sha256(body).hexdigest()
        store = self._store()
        claim = await store.claim(scope_name, key, request_hash)
        if claim.outcome is Outcome.MISMATCH:
            await self._problem(
                scope,
                send,
                422,
                "idempotency-key-reused",
                "Idempotency-Key reused",
                "this Idempotency-Key was used with a different request body",
            )
            return
        if claim.outcome is Outcome.IN_PROGRESS:
            await self._problem(
                scope,
                send,
                409,
                "idempotency-key-in-use",
                "Request still in progress",
                "a request with this Idempotency-Key is still running; retry shortly",
                headers={"Retry-After": "1"},
            )
            return
        if claim.outcome is Outcome.REPLAY:
            assert claim.response is not None
            await _send_stored(claim.response, scope, send)
            return
        await self._run_and_store(scope, replay_receive, send, store, scope_name, key)

    async def _run_and_store(
        self, scope: Scope, receive: Receive, send: Send, store: IdempotencyStore, scope_name: str, key: str
    ) -> None:
        status = 500
        headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers.extend(
                    (name.decode("latin-1"), value.decode("latin-1"))
                    for name, value in message.get("headers", [])
                    if name.lower() not in _NOT_STORED
                )
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except BaseException:
            await store.release(scope_name, key)
            raise
        if status >= 500:
            await store.release(scope_name, key)
        else:
            await store.complete(scope_name, key, StoredResponse(status, headers, b"".join(chunks)))

    async def _problem(
        self,
        scope: Scope,
        send: Send,
        status: int,
        code: str,
        title: str,
        detail: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        response = problem_response(
            status=status,
            code=code,
            title=title,
            detail=detail,
            instance=scope["path"],
            request_id=request_id_of(scope),
            headers=headers,
        )
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return body, replay


async def _send_stored(response: StoredResponse, scope: Scope, send: Send) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers]
    headers.append((b"content-length", str(len(response.body)).encode()))
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})
