"""The declared keys, as the use cases look them up."""

from __future__ import annotations

from backend.contracts.platform.config import ConfigKey, declared_key, declared_keys
from backend.modules.platform.application import keys as _platform_keys  # noqa: F401 - declares the platform's keys
from backend.modules.platform.domain.errors import UnknownConfigKey


def definition(key: str) -> ConfigKey:
    found = declared_key(key)
    if found is None:
        raise UnknownConfigKey(key)
    return found


def definitions() -> list[ConfigKey]:
    return declared_keys()
