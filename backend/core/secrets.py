"""Secrets are not configuration: a port to read them, and environment and file adapters.

A secret (the key-encryption key, a broker password, an API key of a partner) is read by the code
that needs it and handed to nothing else: it is never stored in the runtime configuration, never
logged, and no API returns it. The file adapter reads a directory of files named by the secret,
as Docker (``/run/secrets``) and Kubernetes (a mounted Secret volume) provide them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

_NAME = re.compile(r"[a-z][a-z0-9_]{0,99}")


class SecretSource(Protocol):
    def get(self, name: str) -> str | None:
        """The secret ``name`` (lower case, e.g. ``secret_key``), or None when this source lacks it."""


def check_name(name: str) -> str:
    """Secret names are plain identifiers, so a name can never step outside a secrets directory."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"secret name {name!r} must be lower-case letters, digits and _")
    return name


class EnvSecrets:
    """``secret_key`` is read from ``MANDI_SECRET_KEY``; an empty variable counts as unset."""

    def __init__(self, prefix: str = "MANDI_", environ: Mapping[str, str] | None = None) -> None:
        self._prefix = prefix
        self._environ = os.environ if environ is None else environ

    def get(self, name: str) -> str | None:
        return self._environ.get(f"{self._prefix}{check_name(name).upper()}") or None


class FileSecrets:
    """``secret_key`` is the content of ``<directory>/secret_key`` without its trailing newline."""

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)

    def get(self, name: str) -> str | None:
        path = self._directory / check_name(name)
        try:
            value = path.read_text(encoding="utf-8").rstrip("\r\n")
        except FileNotFoundError:
            return None
        return value or None


class ChainedSecrets:
    """The first source that has the secret wins."""

    def __init__(self, sources: Sequence[SecretSource]) -> None:
        self._sources = tuple(sources)

    def get(self, name: str) -> str | None:
        for source in self._sources:
            value = source.get(name)
            if value is not None:
                return value
        return None
