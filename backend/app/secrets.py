"""The key-encryption secret: configured in production, made once per data folder in development."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from backend.core.config import Settings


class MissingSecret(RuntimeError):
    pass


def resolve_secret(settings: Settings) -> str:
    if settings.secret_key:
        return settings.secret_key
    if settings.environment == "production":
        raise MissingSecret("MANDI_SECRET_KEY must be set in production (it encrypts signing keys and TOTP seeds)")
    path = Path(settings.data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
