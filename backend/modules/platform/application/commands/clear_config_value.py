"""Remove the value set at one scope, so the next wider value (or the default) applies again."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.platform.application.commands.set_config_value import ensure_expected, ensure_writable
from backend.modules.platform.application.queries.get_config import load_view
from backend.modules.platform.application.unit_of_work import PlatformUnitOfWork
from backend.modules.platform.application.views import ConfigView
from backend.modules.platform.application.writer import Writer
from backend.modules.platform.domain.errors import ConfigValueNotSet
from backend.modules.platform.domain.scopes import Target


@dataclass(frozen=True)
class ClearConfigValue:
    key: str
    target: Target
    writer: Writer
    expected_version: int | None = None


async def clear_config_value(command: ClearConfigValue, uow: PlatformUnitOfWork) -> ConfigView:
    definition = ensure_writable(command.key, command.target, command.writer)
    async with uow:
        entry = await uow.config.get(command.key, command.target)
        if entry is None:
            raise ConfigValueNotSet(command.key, command.target.describe())
        ensure_expected(entry, command.expected_version, command.key, command.target)
        change = entry.clear(command.writer.actor, await uow.config.next_revision())
        await uow.config.remove(entry)
        await uow.config_audit.record(change)
        view = await load_view(uow, definition, command.target, command.target)
        await uow.commit()
    return view
