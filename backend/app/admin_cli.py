"""``mandi admin``, ``mandi tenants`` and ``mandi roles``: scriptable bootstrap of operators and tenants."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import typer

from backend.app.bootstrap import Container, build_container
from backend.core.config import get_settings
from backend.core.errors import MandiError, ValidationFailed
from backend.modules.identity.application.commands.create_platform_admin import (
    CreatePlatformAdmin,
    create_platform_admin,
)
from backend.modules.identity.application.commands.create_tenant import CreateTenant, TenantAdmin, create_tenant
from backend.modules.identity.application.commands.sync_system_roles import SyncSystemRoles, sync_system_roles
from backend.modules.identity.domain.tenant import TenantPolicyChanges

T = TypeVar("T")

admin_app = typer.Typer(help="Platform operators.", no_args_is_help=True)
tenants_app = typer.Typer(help="Tenants (trading houses, brokerages).", no_args_is_help=True)
keys_app = typer.Typer(help="Access-token signing keys.", no_args_is_help=True)
roles_app = typer.Typer(help="The system roles every tenant starts with.", no_args_is_help=True)


def _run(work: Callable[[Container], Awaitable[T]]) -> T:
    async def main() -> T:
        container = await build_container(get_settings())
        try:
            return await work(container)
        finally:
            await container.close()

    try:
        return asyncio.run(main())
    except MandiError as error:
        typer.echo(f"mandi: {failure_message(error)}", err=True)
        raise typer.Exit(code=1) from error


def failure_message(error: MandiError) -> str:
    if isinstance(error, ValidationFailed) and error.errors:
        return "; ".join(f"{e.field}: {e.message}" for e in error.errors)
    return error.detail


def _print(payload: dict[str, Any]) -> None:
    typer.echo(json.dumps(payload, default=str))


@admin_app.command("create")
def create_admin(
    email: Annotated[str, typer.Option(help="The operator's e-mail (their username)")],
    password: Annotated[str, typer.Option(help="At least 12 characters, three kinds of character")],
    name: Annotated[str, typer.Option(help="Full name")] = "Platform operator",
) -> None:
    """Create a platform operator; prints {"user_id": ...}."""
    user_id = _run(lambda c: create_platform_admin(CreatePlatformAdmin(email, password, name), c.auth))
    _print({"user_id": user_id})


@tenants_app.command("create")
def create(
    name: Annotated[str, typer.Option()],
    country: Annotated[str, typer.Option(help="ISO 3166 alpha-2, e.g. IN")],
    currency: Annotated[str, typer.Option(help="ISO 4217, e.g. INR")],
    admin_email: Annotated[str, typer.Option(help="The first tenant admin's e-mail")],
    admin_password: Annotated[str, typer.Option(help="The first tenant admin's password")],
    time_zone: Annotated[str, typer.Option(help="IANA time zone")] = "Asia/Kolkata",
    requests_per_minute: Annotated[int | None, typer.Option(help="Request quota (default 1200)")] = None,
    burst: Annotated[int | None, typer.Option(help="Requests allowed at once above the rate (default 200)")] = None,
    region: Annotated[str | None, typer.Option(help="Data-residency region (default in)")] = None,
) -> None:
    """Create a tenant with its system roles and a tenant admin; prints the ids."""
    policies = TenantPolicyChanges(region=region, requests_per_minute=requests_per_minute, burst=burst)
    command = CreateTenant(
        name, country, currency, time_zone, TenantAdmin(admin_email, admin_password), policies=policies
    )
    created = _run(lambda c: create_tenant(command, c.auth))
    _print({"tenant_id": created.tenant.id, "admin_user_id": created.admin_user_id})


@keys_app.command("rotate")
def rotate() -> None:
    """Start signing with a new key; the previous one keeps verifying until it is retired."""

    async def work(container: Container) -> str:
        return await container.auth.signer.rotate()  # type: ignore[attr-defined,no-any-return]

    _print({"kid": _run(work)})


async def sync_roles(container: Container, tenant_id: uuid.UUID | None = None) -> dict[str, Any]:
    """Bring system roles to this release's catalogue; the summary as JSON-ready data."""
    return dataclasses.asdict(await sync_system_roles(SyncSystemRoles(tenant_id), container.auth))


@roles_app.command("sync")
def sync(
    tenant: Annotated[uuid.UUID | None, typer.Option(help="Only this tenant (default: every tenant)")] = None,
) -> None:
    """Create missing system roles and set the others to this release's catalogue; prints the summary.

    `mandi migrate` runs it too; it changes nothing when the roles are up to date.
    """
    _print(_run(lambda c: sync_roles(c, tenant)))
