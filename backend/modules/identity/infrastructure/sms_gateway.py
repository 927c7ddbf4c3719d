"""SMS through an HTTP gateway (``MANDI_SMS_GATEWAY_URL``): ``POST {"to", "body", "sender"}`` with a bearer token."""

from __future__ import annotations

from typing import Any

import httpx

from backend.modules.identity.infrastructure.outgoing_queue import SMS, OutgoingMessage, Undeliverable

PROVIDER_ID_FIELDS = ("id", "message_id", "messageId")
# answers about the message itself (a malformed number, a body it will not carry): retrying cannot help.
# An authentication or routing error (401, 403, 404) is the configuration's, and is retried until fixed
REFUSED_MESSAGE = frozenset({400, 410, 413, 415, 422})


class GatewayRefused(Exception):
    """The gateway answered, but not with success."""


def provider_id(response: httpx.Response) -> str | None:
    """The gateway's id for the message, when its answer is JSON naming one."""
    try:
        answer: Any = response.json()
    except ValueError:
        return None
    if not isinstance(answer, dict):
        return None
    found = next((answer[name] for name in PROVIDER_ID_FIELDS if answer.get(name) not in (None, "")), None)
    return None if found is None else str(found)


class SmsGatewayTransport:
    channel = SMS

    def __init__(self, url: str, token: str | None, sender: str, timeout_seconds: float) -> None:
        self._url = url
        self._sender = sender
        self._timeout = timeout_seconds
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def send(self, message: OutgoingMessage) -> str | None:
        # the message id as idempotency key lets a gateway that honours it drop a retried duplicate
        headers = {**self._headers, "Idempotency-Key": str(message.id)}
        payload = {"to": message.recipient, "body": message.body, "sender": self._sender}
        async with httpx.AsyncClient(timeout=self._timeout) as client:
            response = await client.post(self._url, json=payload, headers=headers)
        if response.status_code in REFUSED_MESSAGE:
            raise Undeliverable(f"the SMS gateway refused the message ({response.status_code})")
        if not response.is_success:
            raise GatewayRefused(f"the SMS gateway answered {response.status_code}")
        return provider_id(response)
