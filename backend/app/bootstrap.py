"""The composition root: the one place that sees every context's infrastructure."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from redis.asyncio import from_url as redis_from_url
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from backend.api import permissions as _declared_permissions  # noqa: F401 - fills the permission registry
from backend.api.idempotency.store import IdempotencyStore
from backend.app.secrets import resolve_secret
from backend.contracts.platform.events import ConfigChangedV1
from backend.core.cache import Cache
from backend.core.cache.invalidation import subscribe_invalidations
from backend.core.cache.setup import build_cache
from backend.core.config import Settings
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.nats_broker import BrokerSettings, NatsBroker
from backend.core.messaging.relay import OutboxRelay, Publisher
from backend.core.observability.database import observe_engine
from backend.core.observability.exposition import AppMetrics
from backend.core.principal import SYSTEM_SCOPE, DataScope, Principal
from backend.core.rate_limit import Buckets, InProcessBuckets, RedisBuckets
from backend.core.scheduling import Job
from backend.db import migrate
from backend.db.embedded import resolve_database_url
from backend.db.engine import create_engine, create_session_factory
from backend.modules.commodities.application import caching as commodity_caching
from backend.modules.commodities.application.facade import CommodityFacadeService
from backend.modules.commodities.infrastructure import tables as commodity_tables
from backend.modules.commodities.infrastructure.unit_of_work import SqlCommoditiesUnitOfWork
from backend.modules.finance.application.context import FinanceContext
from backend.modules.finance.application.subscribers import register_finance_subscribers
from backend.modules.finance.infrastructure import tables as finance_tables
from backend.modules.finance.infrastructure.unit_of_work import SqlFinanceUnitOfWork
from backend.modules.identity.application.auth_context import AuthContext, AuthSettings
from backend.modules.identity.application.commands.purge_credentials import purge_expired_credentials
from backend.modules.identity.application.queries.authenticate import authenticate
from backend.modules.identity.application.queries.tenant_policy import TenantPolicies
from backend.modules.identity.application.session_cache import SESSION_STATE
from backend.modules.identity.application.subscribers import register_identity_subscribers
from backend.modules.identity.infrastructure import tables as identity_tables
from backend.modules.identity.infrastructure.hashing import Argon2PasswordHasher
from backend.modules.identity.infrastructure.keys import FernetSecretBox, SigningKeys
from backend.modules.identity.infrastructure.message_dispatcher import OutgoingMessageDispatcher
from backend.modules.identity.infrastructure.message_transports import configured_transports
from backend.modules.identity.infrastructure.unit_of_work import SqlIdentityUnitOfWork
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.facade import PartnerFacadeService
from backend.modules.partners.application.kyc_job import run_kyc_job
from backend.modules.partners.application.settings import ConfiguredPartnerSettings
from backend.modules.partners.infrastructure import tables as partner_tables
from backend.modules.partners.infrastructure.unit_of_work import SqlPartnersUnitOfWork
from backend.modules.partners.infrastructure.verification import development_verifiers
from backend.modules.platform.application import runtime_config
from backend.modules.platform.infrastructure import tables as platform_tables
from backend.modules.platform.infrastructure.unit_of_work import SqlPlatformUnitOfWork
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.facade import RiskFacadeService
from backend.modules.risk.application.reservation_purge import purge_credit_reservations
from backend.modules.risk.application.settings import ConfiguredBands
from backend.modules.risk.application.subscribers.registration import register_risk_subscribers
from backend.modules.risk.infrastructure import tables as risk_tables
from backend.modules.risk.infrastructure.unit_of_work import SqlRiskUnitOfWork
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.contract_ports import ContractTools
from backend.modules.trading.application.expiry_job import expire_postings
from backend.modules.trading.application.negotiation_expiry_job import expire_idle_negotiations
from backend.modules.trading.application.settings import ConfiguredDealSettings
from backend.modules.trading.application.subscribers import register_trading_subscribers
from backend.modules.trading.infrastructure import tables as trading_tables
from backend.modules.trading.infrastructure.contract_renderer import JinjaContractRenderer
from backend.modules.trading.infrastructure.risk_adapter import FacadeRiskVerdicts
from backend.modules.trading.infrastructure.signature_providers import development_signers
from backend.modules.trading.infrastructure.unit_of_work import SqlTradingUnitOfWork

OUTBOXES: tuple[Table, ...] = (
    identity_tables.outbox,
    commodity_tables.outbox,
    finance_tables.outbox,
    partner_tables.outbox,
    platform_tables.outbox,
    risk_tables.outbox,
    trading_tables.outbox,
)
# one stream each
CONTEXTS: tuple[str, ...] = ("identity", "commodities", "partners", "trading", "risk", "finance", "platform")
READINESS_TIMEOUT_SECONDS = 2.0


@dataclass
class Container:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    bus: InProcessBus = field(default_factory=InProcessBus)
    broker: NatsBroker | None = None

    def __post_init__(self) -> None:
        # with a broker the relay hands events to JetStream and workers consume them; without one
        # the relay calls this process's subscribers directly
        publisher: Publisher = self.broker if self.broker is not None else self.bus
        self.relay = OutboxRelay(
            self.session_factory,
            OUTBOXES,
            publisher,
            batch_size=self.settings.relay_batch_size,
            max_attempts=self.settings.relay_max_attempts,
        )
        # e-mail and SMS go out through the transports configured (MANDI_SMTP_URL, MANDI_SMS_GATEWAY_URL);
        # a channel without one keeps the development mailbox identity.dev_messages
        self.outgoing_messages = OutgoingMessageDispatcher(
            self.session_factory,
            configured_transports(self.settings),
            batch_size=self.settings.message_batch_size,
            max_attempts=self.settings.message_max_attempts,
            send_timeout_seconds=self.settings.message_send_timeout_seconds,
        )
        self.idempotency = IdempotencyStore(self.session_factory, timedelta(hours=self.settings.idempotency_ttl_hours))
        self.cache = build_cache(self.settings)  # MANDI_CACHE_BACKEND, MANDI_REDIS_URL
        subscribe_invalidations(self.bus, self.cache, (*commodity_caching.POLICIES, SESSION_STATE))
        self.auth = _auth_context(
            self.settings, self.session_factory, self.identity_uow, self.cache, self.commodity_facade
        )
        # runtime configuration: one snapshot per process, stale on a change event, polled otherwise
        self.config = runtime_config.RuntimeConfig(
            lambda: self.platform_uow(SYSTEM_SCOPE), self.settings.config_poll_seconds
        )
        self.bus.subscribe(ConfigChangedV1.wire_name, runtime_config.CONSUMER, self.config.on_config_changed)
        # no GSTN, bank or geocoding provider is contracted yet: the deterministic development adapters
        # answer, and every piece of evidence they leave names itself as such
        self.partners = PartnersContext(
            self.partners_uow, ConfiguredPartnerSettings(self.config), development_verifiers()
        )
        register_identity_subscribers(self.bus, self.auth)
        self.risk = RiskContext(self.risk_uow, ConfiguredBands(self.config))
        register_risk_subscribers(self.bus, self.risk_uow, self.risk.bands)
        self.finance = FinanceContext(self.finance_uow)
        register_finance_subscribers(self.bus, self.finance_uow)
        self.trading = TradingContext(
            self.trading_uow,
            self.commodity_facade,
            self.partner_facade,
            FacadeRiskVerdicts(self.risk_facade),
            risk_facade=self.risk_facade,
            deals=ConfiguredDealSettings(self.config),
            # e-sign and DSC are development adapters (they name themselves so) until real providers exist
            contracts=ContractTools(
                self.trading_uow, JinjaContractRenderer(font_dir=self.settings.contract_font_dir), development_signers()
            ),
        )
        register_trading_subscribers(self.bus, self.trading)
        self.metrics = AppMetrics(self.engine, self.session_factory, OUTBOXES)
        self.tenant_policies = TenantPolicies(self.auth)
        self.buckets: Buckets = InProcessBuckets()
        if self.settings.redis_url:
            self.buckets = RedisBuckets(redis_from_url(self.settings.redis_url))

    def identity_uow(self, scope: DataScope) -> SqlIdentityUnitOfWork:
        return SqlIdentityUnitOfWork(self.session_factory, scope, self.outgoing_messages.channels)

    def platform_uow(self, scope: DataScope) -> SqlPlatformUnitOfWork:
        return SqlPlatformUnitOfWork(self.session_factory, scope, on_commit=self.config.invalidate)

    async def authenticate(self, token: str) -> Principal:
        return await authenticate(token, self.auth)

    def commodity_facade(self, scope: DataScope) -> CommodityFacadeService:
        """The commodity master as other contexts may use it, seen with ``scope``."""
        return CommodityFacadeService(lambda: self.commodities_uow(scope), self.cache)

    def commodities_uow(self, scope: DataScope) -> SqlCommoditiesUnitOfWork:
        return SqlCommoditiesUnitOfWork(self.session_factory, scope)

    def partners_uow(self, scope: DataScope) -> SqlPartnersUnitOfWork:
        return SqlPartnersUnitOfWork(self.session_factory, scope)

    def partner_facade(self, scope: DataScope) -> PartnerFacadeService:
        """Partners as other contexts may see them (capabilities, locations), seen with ``scope``."""
        return PartnerFacadeService(lambda: self.partners_uow(scope), self.partners.today)

    def trading_uow(self, scope: DataScope) -> SqlTradingUnitOfWork:
        return SqlTradingUnitOfWork(self.session_factory, scope)

    def risk_uow(self, scope: DataScope) -> SqlRiskUnitOfWork:
        return SqlRiskUnitOfWork(self.session_factory, scope)

    def finance_uow(self, scope: DataScope) -> SqlFinanceUnitOfWork:
        return SqlFinanceUnitOfWork(self.session_factory, scope)

    def risk_facade(self, scope: DataScope) -> RiskFacadeService:
        """Credit, circular trading and party links as other contexts may ask them, within ``scope``'s tenant."""
        return RiskFacadeService(self.risk, scope)

    async def readiness(self) -> dict[str, str]:
        try:
            async with asyncio.timeout(READINESS_TIMEOUT_SECONDS), self.engine.connect() as connection:
                applied = await migrate.applied_heads(connection)
        except Exception as error:  # noqa: BLE001 - any failure means "not ready", with its reason
            reason = "timed out" if isinstance(error, TimeoutError) else f"unreachable ({type(error).__name__})"
            return {"database": reason, "migrations": "unknown"}
        missing = migrate.missing_heads(applied)
        migrations = "ok" if not missing else f"not at head (missing {', '.join(sorted(missing))}); run 'mandi migrate'"
        checks = {"database": "ok", "migrations": migrations}
        if self.broker is not None:
            checks["broker"] = await _broker_state(self.broker)
        return checks

    def jobs(self) -> list[Job]:
        """The scheduled work every worker runs (one runner per slot across workers)."""
        return [
            Job("platform.purge_idempotency_keys", "5 * * * *", self.idempotency.purge_expired),
            Job(
                "identity.purge_expired_credentials",
                "30 3 * * *",
                lambda: purge_expired_credentials(self.auth),
                time_zone="Asia/Kolkata",
            ),
            Job("partners.kyc_watch", "15 6 * * *", lambda: run_kyc_job(self.partners), time_zone="Asia/Kolkata"),
            Job("trading.expire_postings", "*/5 * * * *", lambda: expire_postings(self.trading)),
            Job("trading.expire_negotiations", "*/5 * * * *", lambda: expire_idle_negotiations(self.trading)),
            Job("risk.purge_credit_reservations", "45 * * * *", lambda: purge_credit_reservations(self.risk)),
            Job(
                "identity.purge_outgoing_messages", "40 3 * * *", self.outgoing_messages.purge, time_zone="Asia/Kolkata"
            ),
        ]

    async def close(self) -> None:
        if self.broker is not None:
            await self.broker.close()
        await self.cache.close()
        await self.engine.dispose()


def _auth_context(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    identity_uow: Callable[[DataScope], SqlIdentityUnitOfWork],
    cache: Cache,
    commodities: Callable[[DataScope], CommodityFacadeService],
) -> AuthContext:
    secret = resolve_secret(settings)
    return AuthContext(
        uow=identity_uow,
        signer=SigningKeys(session_factory, secret, settings.token_issuer),
        hasher=Argon2PasswordHasher(settings.argon2_time_cost, settings.argon2_memory_kib),
        secrets=FernetSecretBox(secret),
        settings=AuthSettings(
            audience=settings.token_audience,
            access_ttl=timedelta(minutes=settings.access_token_minutes),
            refresh_ttl=timedelta(days=settings.refresh_token_days),
        ),
        cache=cache,
        commodities=commodities,
    )


async def _broker_state(broker: NatsBroker) -> str:
    try:
        await broker.ping()
    except Exception as error:  # noqa: BLE001 - any failure means "not ready", with its reason
        return f"unreachable ({type(error).__name__})"
    return "ok"


async def connect_broker(settings: Settings) -> NatsBroker | None:
    if not settings.broker_url:
        return None
    broker = NatsBroker(
        BrokerSettings(
            url=settings.broker_url,
            stream_prefix=settings.broker_stream_prefix,
            ack_wait_seconds=settings.consumer_ack_wait_seconds,
            max_attempts=settings.consumer_max_attempts,
        ),
        CONTEXTS,
    )
    await broker.connect()
    return broker


async def build_container(settings: Settings) -> Container:
    url = await resolve_database_url(settings)
    engine = create_engine(url, settings)
    observe_engine(engine)  # pool wait times; statement spans when tracing is on
    broker = await connect_broker(settings)
    return Container(settings=settings, engine=engine, session_factory=create_session_factory(engine), broker=broker)
