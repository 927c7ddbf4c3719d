"""Real servers in the test process: an SMTP server (aiosmtpd, in its own thread) that insists on a
login, and a minimal HTTP SMS gateway on the test's event loop."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

SMTP_USER = "mandi"
SMTP_PASSWORD = "smtp-s3cret:/@"  # characters a URL must percent-encode
GATEWAY_TOKEN = "gateway-t0ken"


def free_port() -> int:
    """A port nothing listens on (now): for a server to start there, or to stand for one that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    logged_in: bool


@dataclass
class SmtpRecorder:
    """aiosmtpd handler: keeps every accepted mail; ``delay`` makes each one take a while, and a
    recipient in ``refused`` gets that reply instead of 250."""

    delay: float = 0.0
    received: list[ReceivedMail] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refused: dict[str, str] = field(default_factory=dict)  # recipient -> the server's reply to RCPT

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if address in self.refused:
            return self.refused[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        await asyncio.sleep(self.delay)
        parsed = message_from_bytes(envelope.content, policy=policy.default)  # type: ignore[arg-type]
        assert isinstance(parsed, EmailMessage)
        with self.lock:  # the server runs in its own thread
            self.received.append(
                ReceivedMail(str(envelope.mail_from), list(envelope.rcpt_tos), parsed, session.authenticated)
            )
        return "250 Message accepted for delivery"


def authenticate(server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
    good = isinstance(data, LoginPassword) and (data.login, data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    return AuthResult(success=good)


def start_smtp(recorder: SmtpRecorder, port: int) -> Controller:
    # AUTH offered in plain text, on loopback only: the test has no certificate for STARTTLS. Not
    # required (aiosmtpd warns on every connection then): each mail records whether it logged in
    controller = Controller(
        recorder, hostname="127.0.0.1", port=port, authenticator=authenticate, auth_require_tls=False
    )
    controller.start()
    return controller


@dataclass(frozen=True)
class GatewayRequest:
    method: str
    path: str
    headers: dict[str, str]
    payload: Any


@dataclass
class GatewayStub:
    """Answers every request with ``status`` and ``answer`` as JSON, and keeps what it was sent."""

    status: int = 200
    answer: dict[str, Any] = field(default_factory=lambda: {"id": "gw-0001"})
    requests: list[GatewayRequest] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        method, path, _ = head[0].split(" ", 2)
        headers = {
            name.strip().lower(): value.strip() for name, value in (line.split(":", 1) for line in head[1:] if line)
        }
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.requests.append(GatewayRequest(method, path, headers, json.loads(body)))
        content = json.dumps(self.answer).encode()
        writer.write(
            f"HTTP/1.1 {self.status} Answer\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(content)}\r\nConnection: close\r\n\r\n".encode()
            + content
        )
        await writer.drain()
        writer.close()
