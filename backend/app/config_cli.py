"""``mandi config``: read and change runtime configuration from a shell (as the platform)."""

from __future__ import annotations

import asyncio
import getpass
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer

from backend.app.bootstrap import Container, build_container
from backend.core.config import get_settings
from backend.core.errors import MandiError
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.platform.application.commands.clear_config_value import ClearConfigValue, clear_config_value
from backend.modules.platform.application.commands.set_config_value import SetConfigValue, set_config_value
from backend.modules.platform.application.queries.get_config import GetConfig, ListConfig, get_config, list_config
from backend.modules.platform.application.views import ConfigView
from backend.modules.platform.application.writer import Writer
from backend.modules.platform.domain.scopes import Target

T = TypeVar("T")

config_app = typer.Typer(
    help="Runtime configuration and feature flags (no --tenant: platform-wide).", no_args_is_help=True
)

Tenant = Annotated[str | None, typer.Option("--tenant", help="Tenant id: that tenant's value")]
Branch = Annotated[str | None, typer.Option("--branch", help="Branch id (with --tenant): that branch's value")]
Version = Annotated[int | None, typer.Option("--if-version", help="Refuse unless the value there is at this version")]


def _fail(message: str) -> typer.Exit:
    typer.echo(f"mandi: {message}", err=True)
    return typer.Exit(code=1)


def _run(work: Callable[[Container], Awaitable[T]]) -> T:
    async def main() -> T:
        container = await build_container(get_settings())
        try:
            return await work(container)
        finally:
            await container.close()

    try:
        return asyncio.run(main())
    except MandiError as error:  # the detail names the key and what is wrong
        raise _fail(error.detail) from error


def _uuid(value: str | None, option: str) -> uuid.UUID | None:
    if value is None:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise _fail(f"{option} {value!r} is not a UUID") from None


def _target(tenant: str | None, branch: str | None) -> Target:
    tenant_id, branch_id = _uuid(tenant, "--tenant"), _uuid(branch, "--branch")
    if branch_id is not None and tenant_id is None:
        raise _fail("--branch needs --tenant (the branch's tenant)")
    return Target.narrowest(tenant_id, branch_id)


def _writer() -> Writer:
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no user name in minimal containers
        login = "unknown"
    return Writer(actor=f"cli:{login}", platform=True, tenant_id=None)


def _out(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, default=str))


def _view(view: ConfigView) -> dict[str, Any]:
    return {
        "key": view.key,
        "value": view.value,
        "source": view.source,
        "enabled": view.enabled,
        "scope": str(view.target.scope),
        "version": view.version,
        "values": [vars(v) for v in view.values],
    }


@config_app.command("get")
def get(key: str, tenant: Tenant = None, branch: Branch = None) -> None:
    """The effective value of KEY (for a tenant or branch), with the values set along the way."""
    target = _target(tenant, branch)
    _out(_view(_run(lambda c: get_config(GetConfig(key, target), c.platform_uow(SYSTEM_SCOPE)))))


@config_app.command("set")
def set_value(
    key: str,
    value: Annotated[str, typer.Argument(help='JSON, e.g. 42, true, "text" (quoted), {"enabled": true}')],
    tenant: Tenant = None,
    branch: Branch = None,
    if_version: Version = None,
) -> None:
    """Set KEY to the JSON VALUE platform-wide, or for --tenant (and --branch)."""
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as error:
        raise _fail(f"VALUE is not JSON ({error.msg}); a string needs quotes, e.g. '\"text\"'") from error
    command = SetConfigValue(key, _target(tenant, branch), parsed, _writer(), if_version)
    _out(_view(_run(lambda c: set_config_value(command, c.platform_uow(SYSTEM_SCOPE)))))


@config_app.command("unset")
def unset(key: str, tenant: Tenant = None, branch: Branch = None, if_version: Version = None) -> None:
    """Remove KEY's value at that scope, so the next wider one (or the default) applies."""
    command = ClearConfigValue(key, _target(tenant, branch), _writer(), if_version)
    _out(_view(_run(lambda c: clear_config_value(command, c.platform_uow(SYSTEM_SCOPE)))))


@config_app.command("list")
def list_all(tenant: Tenant = None, branch: Branch = None) -> None:
    """Every declared key with its effective value (for a tenant or branch)."""
    target = _target(tenant, branch)
    views = _run(lambda c: list_config(ListConfig(target), c.platform_uow(SYSTEM_SCOPE)))
    _out({"items": [{k: v for k, v in _view(view).items() if k != "values"} for view in views]})
