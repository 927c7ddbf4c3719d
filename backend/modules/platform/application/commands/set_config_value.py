"""Set a key's value at one scope: checked against the key's schema, versioned, audited, published."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.contracts.platform.config import ConfigKey
from backend.core.errors import PreconditionFailed
from backend.modules.platform.application import catalogue
from backend.modules.platform.application.queries.get_config import load_view
from backend.modules.platform.application.unit_of_work import PlatformUnitOfWork
from backend.modules.platform.application.views import ConfigView
from backend.modules.platform.application.writer import Writer
from backend.modules.platform.domain.entry import ConfigEntry
from backend.modules.platform.domain.policies import (
    ensure_may_write,
    ensure_scope_allowed,
    ensure_valid_value,
    same_json,
)
from backend.modules.platform.domain.scopes import Target


@dataclass(frozen=True)
class SetConfigValue:
    key: str
    target: Target
    value: Any
    writer: Writer
    expected_version: int | None = None  # None: no precondition; 0: nothing may be set there yet


def ensure_expected(entry: ConfigEntry | None, command_version: int | None, key: str, target: Target) -> None:
    if command_version is None:
        return
    current = 0 if entry is None else entry.version
    if current != command_version:
        raise PreconditionFailed(
            f"{key} at {target.describe()} is at version {current}, not {command_version}",
            extra={"current_version": current},
        )


def ensure_writable(key: str, target: Target, writer: Writer) -> ConfigKey:
    definition = catalogue.definition(key)
    ensure_may_write(target, platform=writer.platform, tenant_id=writer.tenant_id, branches=writer.branches)
    ensure_scope_allowed(definition, target)
    return definition


async def set_config_value(command: SetConfigValue, uow: PlatformUnitOfWork) -> ConfigView:
    definition = ensure_writable(command.key, command.target, command.writer)
    ensure_valid_value(definition, command.value)
    async with uow:
        entry = await uow.config.get(command.key, command.target)
        ensure_expected(entry, command.expected_version, command.key, command.target)
        if entry is None:
            entry, change = ConfigEntry.create(
                command.key, command.target, command.value, command.writer.actor, await uow.config.next_revision()
            )
            await uow.config.add(entry)
        elif not same_json(entry.value, command.value):
            change = entry.change(command.value, command.writer.actor, await uow.config.next_revision())
            await uow.config.save(entry)
        else:
            return await load_view(uow, definition, command.target, command.target)
        await uow.config_audit.record(change)
        view = await load_view(uow, definition, command.target, command.target)
        await uow.commit()
    return view
