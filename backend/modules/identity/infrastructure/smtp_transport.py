"""E-mail through an SMTP server (``MANDI_SMTP_URL``) with aiosmtplib: one connection per message."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib

from backend.core.clock import utc_now
from backend.core.config import SmtpServer
from backend.modules.identity.infrastructure.outgoing_queue import EMAIL, OutgoingMessage, Undeliverable

SUBJECT_FALLBACK = "A message from Mandi"
SUBJECT_LIMIT = 78  # RFC 5322's recommended line length
# "Welcome", "buyer's", "sign-in", "e-mail", "Mandi:"; a code or token has digits, inner capitals,
# underscores or a capital before a hyphen ("M-x")
_PLAIN_WORD = re.compile(r"(?:(?:[A-Za-z][a-z']+|[a-z])(?:-[a-z']+)*|[A-Z])[.,:;!?]?")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
# 7bit: a non-ASCII body goes quoted-printable, so servers without 8BITMIME take it too
_POLICY = policy.SMTP.clone(cte_type="7bit")


def subject_of(body: str) -> str:
    """The body's first sentence, stopped before the first word that could be a code or a token:
    subjects are logged by mail servers and shown on lock screens, so no secret may reach one."""
    first_sentence = _SENTENCE_END.split(body.strip(), maxsplit=1)[0]
    subject = ""
    for word in first_sentence.split():
        if not _PLAIN_WORD.fullmatch(word) or len(subject) + 1 + len(word) > SUBJECT_LIMIT:
            break
        subject = f"{subject} {word}" if subject else word
    return subject.rstrip(" :;,-") or SUBJECT_FALLBACK


def compose(message: OutgoingMessage, sender: str) -> EmailMessage:
    """A plain-text UTF-8 e-mail. Its Message-ID derives from the outgoing message's id, so a retry
    after an unrecorded success carries the same id and receivers can tell it is a duplicate."""
    domain = parseaddr(sender)[1].rpartition("@")[2]
    email = EmailMessage(policy=_POLICY)
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = subject_of(message.body)
    email["Date"] = format_datetime(utc_now())
    email["Message-ID"] = f"<{message.id}@{domain}>"
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to a sign-in code
    email.set_content(message.body, charset="utf-8")
    return email


class SmtpTransport:
    channel = EMAIL

    def __init__(self, server: SmtpServer, sender: str, timeout_seconds: float) -> None:
        self._server = server
        self._sender = sender
        self._timeout = timeout_seconds

    async def send(self, message: OutgoingMessage) -> str:
        """Hand the message to the server; its Message-ID identifies it there."""
        email = compose(message, self._sender)
        server = self._server
        # smtps: TLS from the start; smtp: STARTTLS when offered, or always when required
        start_tls = False if server.implicit_tls else (True if server.require_starttls else None)
        try:
            await aiosmtplib.send(
                email,
                hostname=server.host,
                port=server.port,
                username=server.username,
                password=server.password,
                use_tls=server.implicit_tls,
                start_tls=start_tls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as error:
            codes = sorted({refused.code for refused in error.recipients})
            if codes and all(permanent(code) for code in codes):
                raise Undeliverable(f"the mail server refused the recipient ({codes[0]})") from None
            raise
        except aiosmtplib.SMTPDataError as error:
            if permanent(error.code):
                raise Undeliverable(f"the mail server refused the message ({error.code})") from None
            raise
        return str(email["Message-ID"])


def permanent(code: int) -> bool:
    """A 5xx reply about a recipient or the content (RFC 5321): sending it again gets the same answer."""
    return 500 <= code < 600
