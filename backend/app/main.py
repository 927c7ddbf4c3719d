"""The ASGI application: ``create_app`` builds it, the lifespan owns the container and the relay."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from starlette.types import Scope

from backend.api.authentication import AuthenticationMiddleware, principal_of
from backend.api.commodities.routes import router as commodities_router
from backend.api.errors import install_error_handlers
from backend.api.finance.routes import router as finance_router
from backend.api.health import router as health_router
from backend.api.idempotency.middleware import IdempotencyMiddleware
from backend.api.idempotency.store import IdempotencyStore
from backend.api.identity import access, auth, tenants, users
from backend.api.nul_guard import NulGuardMiddleware
from backend.api.observability import install_observability
from backend.api.partners.parts import router as partner_parts_router
from backend.api.partners.routes import router as partners_router
from backend.api.platform.routes import router as config_router
from backend.api.request_id import RequestIdMiddleware
from backend.api.risk.routes import router as risk_router
from backend.api.tenant_policy import TenantPolicyMiddleware
from backend.api.trading.amendments import router as amendments_router
from backend.api.trading.contracts import router as contracts_router
from backend.api.trading.deals import router as deals_router
from backend.api.trading.routes import router as trading_router
from backend.app.bootstrap import Container, build_container
from backend.app.logs import configure_logging
from backend.core.config import Settings, get_settings


def create_app(settings: Settings | None = None, container: Container | None = None) -> FastAPI:
    """``container`` given: the caller owns it (tests); otherwise the lifespan builds and closes one."""
    settings = settings or (container.settings if container else get_settings())
    configure_logging(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging(settings)  # again: uvicorn set up its own loggers after create_app
        owned = container is None
        app.state.container = container or await build_container(settings)
        await app.state.container.auth.signer.ensure_active()
        stop = asyncio.Event()
        background = []
        if settings.run_relay:
            relay = app.state.container.relay.run(stop, settings.relay_interval_seconds)
            background.append(asyncio.create_task(relay, name="outbox-relay"))
            outgoing = app.state.container.outgoing_messages
            if outgoing.channels:  # e-mail or SMS has a transport: send what commands queued
                sending = outgoing.run(stop, settings.message_poll_seconds)
                background.append(asyncio.create_task(sending, name="outgoing-messages"))
        try:
            yield
        finally:
            stop.set()
            for task in background:
                await task
            if owned:
                await app.state.container.close()

    app = FastAPI(
        title="Mandi",
        summary="Open platform for physical commodity trading",
        version="0.1.0",
        lifespan=lifespan,
    )
    if container is not None:
        app.state.container = container

    def idempotency_store() -> IdempotencyStore:
        store: IdempotencyStore = app.state.container.idempotency
        return store

    install_error_handlers(app)

    # sign-in answers carry tokens: they are never stored for replay
    def idempotency_caller(scope: Scope) -> str | None:
        """The verified caller (resolved by the authentication middleware); a forged token unlocks nothing."""
        principal = principal_of(scope)
        return None if principal is None else f"{principal.tenant_id}:{principal.user_id}"

    app.add_middleware(
        IdempotencyMiddleware,
        store=idempotency_store,
        caller=idempotency_caller,
        exempt_prefixes=("/api/v1/auth/",),  # sign-in answers carry tokens: never stored for replay
    )
    app.add_middleware(
        TenantPolicyMiddleware,
        policy_of=lambda tenant_id: app.state.container.tenant_policies.of(tenant_id),
        buckets=lambda: app.state.container.buckets,
        region=settings.region,
    )
    app.add_middleware(AuthenticationMiddleware, authenticate=lambda token: app.state.container.authenticate(token))
    app.add_middleware(NulGuardMiddleware)  # before authentication: a NUL never reaches a query
    app.add_middleware(RequestIdMiddleware)  # added last = outermost: ids exist for everything inside
    install_observability(app, settings)  # request metrics around all of it, /metrics, request spans
    app.include_router(health_router)
    app.include_router(auth.router)
    app.include_router(auth.jwks_router)
    app.include_router(users.router)
    app.include_router(tenants.router)
    app.include_router(access.router)
    app.include_router(commodities_router)
    app.include_router(partners_router)
    app.include_router(partner_parts_router)
    app.include_router(config_router)
    app.include_router(risk_router)
    app.include_router(finance_router)
    app.include_router(trading_router)
    app.include_router(deals_router)
    app.include_router(amendments_router)
    app.include_router(contracts_router)
    return app
