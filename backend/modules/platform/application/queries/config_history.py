"""Who changed a key, when, from what to what (the changes the caller may see, newest first)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.modules.platform.application import catalogue
from backend.modules.platform.application.unit_of_work import PlatformUnitOfWork
from backend.modules.platform.application.views import ConfigChangeView


@dataclass(frozen=True)
class GetConfigHistory:
    key: str
    limit: int = 50


async def config_history(query: GetConfigHistory, uow: PlatformUnitOfWork) -> list[ConfigChangeView]:
    catalogue.definition(query.key)
    async with uow:
        records = await uow.config_audit.history(query.key, query.limit)
    return [
        ConfigChangeView(
            occurred_at=r.occurred_at,
            scope=str(r.target.scope),
            tenant_id=r.target.tenant_id,
            branch_id=r.target.branch_id,
            old_value=r.old_value,
            old_version=r.old_version,
            new_value=r.new_value,
            new_version=r.new_version,
            actor=r.actor,
            revision=r.revision,
        )
        for r in records
    ]
