"""A key as one reader sees it, or every declared key: straight from the database, not a snapshot."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from backend.contracts.platform.config import ConfigKey
from backend.modules.platform.application import catalogue
from backend.modules.platform.application.unit_of_work import PlatformUnitOfWork
from backend.modules.platform.application.views import ConfigView, source_of, value_view
from backend.modules.platform.domain.flags import FlagRule
from backend.modules.platform.domain.precedence import Setting, effective, index
from backend.modules.platform.domain.scopes import Target


@dataclass(frozen=True)
class GetConfig:
    """``reader``: whose effective value; ``addressed``: the target whose version is reported."""

    key: str
    reader: Target
    addressed: Target | None = None


@dataclass(frozen=True)
class ListConfig:
    reader: Target


def config_view(
    definition: ConfigKey, settings: Mapping[tuple[str, Target], Setting], reader: Target, addressed: Target
) -> ConfigView:
    winner = effective(definition.key, definition.default, settings, reader)
    chain = [settings.get((definition.key, target)) for target in reversed(reader.lookup_order())]
    at_address = settings.get((definition.key, addressed))
    enabled = None
    if definition.flag:
        enabled = FlagRule.from_value(winner.value).is_on(definition.key, reader.tenant_id)
    return ConfigView(
        key=definition.key,
        description=definition.description,
        flag=definition.flag,
        schema=definition.schema,
        default=definition.default,
        scopes=definition.scopes,
        value=winner.value,
        source=source_of(winner),
        target=addressed,
        version=0 if at_address is None else at_address.version,
        values=tuple(value_view(s) for s in chain if s is not None),
        enabled=enabled,
    )


async def load_view(uow: PlatformUnitOfWork, definition: ConfigKey, reader: Target, addressed: Target) -> ConfigView:
    """Inside ``uow``: the view of one key."""
    return config_view(definition, index(await uow.config.settings(definition.key)), reader, addressed)


async def get_config(query: GetConfig, uow: PlatformUnitOfWork) -> ConfigView:
    definition = catalogue.definition(query.key)
    async with uow:
        return await load_view(uow, definition, query.reader, query.addressed or query.reader)


async def list_config(query: ListConfig, uow: PlatformUnitOfWork) -> list[ConfigView]:
    async with uow:
        settings = index(await uow.config.settings())
    return [config_view(d, settings, query.reader, query.reader) for d in catalogue.definitions()]


def reader_target(tenant_id: uuid.UUID | None, branch_id: uuid.UUID | None) -> Target:
    return Target.narrowest(tenant_id, branch_id)
