"""Structured logs through structlog: JSON lines in production, readable lines in development.

Standard-library loggers (ours, uvicorn's, the libraries') are rendered by the same processor
chain, so every line carries the ambient request or message context (request id, tenant, user,
trace and span ids) and passes the secret redaction before it is written.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog
from opentelemetry import trace

from backend.core.context import actor_id_var, causation_id_var, request_id_var, tenant_id_var
from backend.core.observability.redaction import redact_secrets

# libraries that log statements, rows or raw protocol traffic (parameters, tokens, codes) below
# WARNING; echo=True on an engine still shows SQL when someone really wants it
QUIET_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm", "httpcore", "hpack", "asyncio")
# uvicorn installs handlers of its own; its lines go through ours instead. Its access lines are
# silenced: the API writes its own, with the request id, route and caller (mandi.access)
UVICORN_LOGGERS = {"uvicorn": logging.NOTSET, "uvicorn.error": logging.NOTSET, "uvicorn.access": logging.WARNING}


def wants_json(environment: str, log_format: str | None) -> bool:
    """JSON when asked for, else in production; console lines everywhere else."""
    if log_format:
        return log_format == "json"
    return environment == "production"


def drop_formatting_leftovers(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """Another handler's formatter may have left ``message``/``asctime`` on a record: not extras."""
    if "_record" in event_dict and not event_dict.get("_from_structlog"):
        event_dict.pop("message", None)
        event_dict.pop("asctime", None)
    event_dict.pop("color_message", None)  # uvicorn's ANSI-coloured copy of the message
    return event_dict


def add_ambient_context(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """The request or message this line belongs to, where known."""
    for key, var in (
        ("request_id", request_id_var),
        ("tenant_id", tenant_id_var),
        ("user_id", actor_id_var),
        ("event_id", causation_id_var),  # set while a subscriber handles an event
    ):
        value = var.get()
        if value is not None:
            event_dict.setdefault(key, value)
    return event_dict


def add_trace_context(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    span_context = trace.get_current_span().get_span_context()
    if span_context.is_valid:
        event_dict.setdefault("trace_id", format(span_context.trace_id, "032x"))
        event_dict.setdefault("span_id", format(span_context.span_id, "016x"))
    return event_dict


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.stdlib.ExtraAdder(),
        drop_formatting_leftovers,
        add_ambient_context,
        add_trace_context,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
    ]


def formatter(*, json: bool) -> structlog.stdlib.ProcessorFormatter:
    """The formatter of Mandi's handler; tests use it to capture exactly what would be written."""
    renderer: Any = (
        structlog.processors.JSONRenderer(sort_keys=False)
        if json
        else structlog.dev.ConsoleRenderer(colors=False, exception_formatter=structlog.dev.plain_traceback)
    )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            # tracebacks become text first, so the redaction sees them too (no locals are shown)
            structlog.processors.format_exc_info,
            redact_secrets,
            renderer,
        ],
    )


class MandiLogHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Marks the handler configure_logging installed, so configuring again replaces it."""


def configure_logging(level: str, *, json: bool) -> None:
    """Route structlog and the standard library through one handler on the root logger (idempotent)."""
    structlog.configure(
        processors=[*_shared_processors(), structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    root = logging.getLogger()
    for existing in [h for h in root.handlers if isinstance(h, MandiLogHandler)]:
        root.removeHandler(existing)
    handler = MandiLogHandler(sys.stderr)
    handler.setFormatter(formatter(json=json))
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name, uvicorn_level in UVICORN_LOGGERS.items():
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
        uvicorn_logger.setLevel(uvicorn_level)
