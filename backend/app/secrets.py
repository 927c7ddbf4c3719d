"""The key-encryption secret: configured in production, made once per data folder in development."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from backend.core.config import Settings
from backend.core.secrets import ChainedSecrets, EnvSecrets, FileSecrets, SecretSource


class MissingSecret(RuntimeError):
    """Production was started without MANDI_SECRET_KEY (or its secret file)."""


def secret_source(settings: Settings) -> SecretSource:
    """``MANDI_<NAME>`` variables first, then the files of ``MANDI_SECRETS_DIR``."""
    sources: list[SecretSource] = [EnvSecrets()]
    if settings.secrets_dir is not None:
        sources.append(FileSecrets(settings.secrets_dir))
    return ChainedSecrets(sources)


def resolve_secret(settings: Settings, source: SecretSource | None = None) -> str:
    found = settings.secret_key or (source or secret_source(settings)).get("secret_key")
    if found:
        return found
    if settings.environment == "production":
        raise MissingSecret(
            "MANDI_SECRET_KEY (or a secret_key file in MANDI_SECRETS_DIR) must be set in production"
            " (it encrypts signing keys and TOTP seeds)"
        )
    path = Path(settings.data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()
