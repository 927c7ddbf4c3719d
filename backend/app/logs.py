"""Log lines carry the request (or message) they belong to; see ``backend.core.observability.logs``."""

from __future__ import annotations

from backend.core.config import Settings
from backend.core.observability import logs


def configure_logging(settings: Settings) -> None:
    """JSON lines in production (or MANDI_LOG_FORMAT=json), console lines otherwise."""
    logs.configure_logging(settings.log_level, json=logs.wants_json(settings.environment, settings.log_format))
