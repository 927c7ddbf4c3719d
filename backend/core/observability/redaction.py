"""Secrets never reach a log line: sensitive keys are masked and token-like text is cut out."""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

REDACTED = "[REDACTED]"

# keys whose values are secret wherever they appear (event fields, extra=, nested dicts)
_SENSITIVE_KEY = re.compile(
    r"password|passwd|passphrase|secret|token|authorization|cookie|otp|^code$|totp|api[_-]?key|credential|private[_-]?key",
    re.IGNORECASE,
)
# ambient fields we add ourselves: known not to be secret, left untouched
_SAFE_KEYS = frozenset(
    {"timestamp", "level", "logger", "request_id", "trace_id", "span_id", "tenant_id", "user_id", "event_id"}
)

_TEXT_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # Authorization headers and anything shaped like them
    (re.compile(r"\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+", re.IGNORECASE), rf"\1 {REDACTED}"),
    # JSON Web Tokens (and the first two segments of one)
    (re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(\.[A-Za-z0-9_-]*)?"), REDACTED),
    # key=value / "key": "value" pairs naming a secret
    (
        re.compile(
            r"""(?i)\b([a-z_]*(?:password|passwd|secret|token|otp|api_key|authorization))(["']?\s*[:=]\s*["']?)"""
            r"""(?!(?:Bearer|Basic)\s)(?!\[REDACTED\])([^\s"',;&}]+)"""
        ),
        rf"\1\2{REDACTED}",
    ),
    # one-time codes in prose: "code is 123456", "OTP: 123456", "code=123456"
    (re.compile(r"(?i)\b(otp|code|pin)\b(\D{0,12}?)\b\d{4,8}\b"), rf"\1\2{REDACTED}"),
    # opaque random tokens (token_urlsafe): long, mixed case and digits; hex ids and uuids do not match
    (
        re.compile(
            r"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{32,}"
        ),
        REDACTED,
    ),
)


def redact_text(text: str) -> str:
    """``text`` with bearer tokens, JWTs, secret key/value pairs, one-time codes and opaque tokens masked."""
    for pattern, replacement in _TEXT_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_value(key: str, value: Any) -> Any:
    if isinstance(key, str) and _SENSITIVE_KEY.search(key) and value is not None and not isinstance(value, bool):
        return REDACTED
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {k: redact_value(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact_value("", item) for item in value)
    return value


def redact_secrets(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: runs after exceptions are formatted and before rendering."""
    for key, value in list(event_dict.items()):
        if key in _SAFE_KEYS:
            continue
        if key == "event":  # the message itself: never masked whole, only what looks secret in it
            event_dict[key] = redact_text(value) if isinstance(value, str) else redact_value("", value)
        else:
            event_dict[key] = redact_value(key, value)
    return event_dict
