"""Set-up shared by the runtime configuration tests."""

from __future__ import annotations

import uuid
from typing import Any

from backend.app.bootstrap import Container
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.platform.application.commands.clear_config_value import ClearConfigValue, clear_config_value
from backend.modules.platform.application.commands.set_config_value import SetConfigValue, set_config_value
from backend.modules.platform.application.views import ConfigView
from backend.modules.platform.application.writer import Writer
from backend.modules.platform.domain.scopes import PLATFORM, Scope, Target

MESSAGE = "platform.maintenance_message"
SYSTEM = Writer(actor="test", platform=True, tenant_id=None)


def target(tenant_id: uuid.UUID | None = None, branch_id: uuid.UUID | None = None) -> Target:
    if branch_id is not None:
        return Target(Scope.BRANCH, tenant_id, branch_id)
    return PLATFORM if tenant_id is None else Target(Scope.TENANT, tenant_id)


async def put(
    container: Container,
    value: Any,
    key: str = MESSAGE,
    tenant_id: uuid.UUID | None = None,
    branch_id: uuid.UUID | None = None,
    expected_version: int | None = None,
) -> ConfigView:
    command = SetConfigValue(key, target(tenant_id, branch_id), value, SYSTEM, expected_version)
    return await set_config_value(command, container.platform_uow(SYSTEM_SCOPE))


async def unset(
    container: Container, key: str = MESSAGE, tenant_id: uuid.UUID | None = None, branch_id: uuid.UUID | None = None
) -> ConfigView:
    command = ClearConfigValue(key, target(tenant_id, branch_id), SYSTEM)
    return await clear_config_value(command, container.platform_uow(SYSTEM_SCOPE))
