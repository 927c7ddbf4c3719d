"""Log lines: the request or message they belong to, JSON or console, and never a secret."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from backend.api.deps import CurrentPrincipal
from backend.app.bootstrap import Container
from backend.app.main import create_app
from backend.contracts.commodities.events import CommodityCreatedV1
from backend.core.config import Settings
from backend.core.messaging.events import IntegrationEvent
from backend.core.observability.logs import configure_logging, wants_json
from tests.actors import PASSWORD, Actor, api_client, tenant_admin
from tests.api.helpers import cotton
from tests.api.identity.auth_helpers import (
    OTP_REQUEST,
    OTP_VERIFY,
    REFRESH,
    active_staff,
    invite_partner_user,
    latest_code,
    tokens,
)
from tests.observability.conftest import Captured

probe_log = logging.getLogger("tests.observability.probe")


async def probe(principal: CurrentPrincipal) -> dict[str, str]:
    probe_log.info("probe line", extra={"detail_level": "full"})
    return {"user": str(principal.user_id)}


def test_the_format_follows_the_environment_unless_set() -> None:
    assert wants_json("production", None)
    assert not wants_json("development", None)
    assert wants_json("development", "json")
    assert not wants_json("production", "console")


async def test_a_line_in_a_request_names_request_tenant_user_trace_and_span(
    container: Container, admin: Actor, spans: InMemorySpanExporter, captured_logs: Captured
) -> None:
    app = create_app(container.settings, container)
    app.add_api_route("/probe", probe)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://mandi.test", headers=admin.headers) as client:
        response = await client.get("/probe", headers={"X-Request-ID": "req-probe-1"})
    assert response.status_code == 200
    [line] = captured_logs.lines("probe line")
    assert line["request_id"] == "req-probe-1"
    assert line["tenant_id"] == str(admin.tenant_id)
    assert line["user_id"] == str(admin.user_id)
    assert line["level"] == "info"
    assert line["logger"] == "tests.observability.probe"
    assert line["detail_level"] == "full"  # extra= fields come along
    [server] = [span for span in spans.get_finished_spans() if span.name == "GET /probe"]
    assert line["trace_id"] == format(server.context.trace_id, "032x")
    assert line["span_id"] == format(server.context.span_id, "016x")


async def test_a_line_while_handling_an_event_names_the_request_that_caused_it(
    container: Container, client: httpx.AsyncClient, admin: Actor, spans: InMemorySpanExporter, captured_logs: Captured
) -> None:
    handler_log = logging.getLogger("tests.observability.handler")

    async def on_created(event: IntegrationEvent) -> None:
        handler_log.info("handled %s", event.wire_name)

    container.bus.subscribe(CommodityCreatedV1.wire_name, "tests.on_commodity_created_log", on_created)
    created = await client.post("/api/v1/commodities", json=cotton(), headers={"X-Request-ID": "req-create-1"})
    assert created.status_code == 201, created.text
    await container.relay.drain()
    [line] = [
        r for r in captured_logs.lines(f"handled {CommodityCreatedV1.wire_name}") if r["request_id"] == "req-create-1"
    ]
    assert line["tenant_id"] == str(admin.tenant_id)
    assert line["user_id"] == str(admin.user_id)
    assert line["event_id"]
    [consumer] = [
        span
        for span in spans.get_finished_spans()
        if (span.attributes or {}).get("messaging.consumer.group.name") == "tests.on_commodity_created_log"
    ]
    assert line["trace_id"] == format(consumer.context.trace_id, "032x")
    assert line["span_id"] == format(consumer.context.span_id, "016x")


def test_console_lines_are_readable_and_json_lines_parse(captured_logs: Captured) -> None:
    logging.getLogger("tests.observability.console").warning("stock for %s is low", "cotton")
    console = captured_logs.console_stream.getvalue()
    assert "stock for cotton is low" in console
    assert "[warning" in console
    assert not console.lstrip().startswith("{")
    [line] = captured_logs.lines("stock for cotton is low")
    assert line["level"] == "warning"
    assert "timestamp" in line


def test_configuring_twice_keeps_one_handler() -> None:
    root = logging.getLogger()
    level = root.level
    try:
        configure_logging("INFO", json=True)
        configure_logging("INFO", json=False)
        assert sum(type(h).__name__ == "MandiLogHandler" for h in root.handlers) == 1
    finally:
        root.setLevel(level)


def _without_numbers_that_are_not_codes(text: str) -> str:
    # timestamps and durations carry six-digit fractions; a code would stand on its own
    return re.sub(r"\d+\.\d+|\d{4}-\d\d-\d\dT[\d:.+-]+", "", text)


async def test_sign_in_refresh_and_otp_at_debug_write_no_secret(
    settings: Settings,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    connection: AsyncConnection,
    captured_logs: Captured,
    caplog: pytest.LogCaptureFixture,
) -> None:
    debug = Container(settings.model_copy(update={"log_level": "DEBUG"}), engine, session_factory)
    admin = await tenant_admin(debug)
    async with api_client(debug, admin) as admin_client, api_client(debug) as anonymous:
        caplog.set_level(logging.DEBUG)  # after the apps configured logging: everything from here on
        staff = await active_staff(admin_client, anonymous, connection)
        assert staff.email is not None
        pair = await tokens(anonymous, staff.email)
        wrong = await anonymous.post("/api/v1/auth/login", json={"username": staff.email, "password": PASSWORD + "x"})
        assert wrong.status_code == 401
        refreshed = await anonymous.post(REFRESH, json={"refresh_token": pair["refresh_token"]})
        assert refreshed.status_code == 200, refreshed.text
        partner = await invite_partner_user(admin_client)
        assert partner.mobile is not None
        assert (await anonymous.post(OTP_REQUEST, json={"mobile": partner.mobile})).status_code == 202
        code = await latest_code(connection, partner.mobile)
        by_code = await anonymous.post(OTP_VERIFY, json={"mobile": partner.mobile, "code": code})
        assert by_code.status_code == 200, by_code.text
        recorded = caplog.text  # what the code passed to its loggers, before any redaction
        # and a careless line on top: the redaction must catch what code forgot
        logging.getLogger("tests.careless").debug("retrying with Authorization: Bearer %s", pair["access_token"])

    secrets = [
        PASSWORD,
        pair["access_token"],
        pair["refresh_token"],
        refreshed.json()["access_token"],
        refreshed.json()["refresh_token"],
        by_code.json()["access_token"],
        by_code.json()["refresh_token"],
        admin.token,
    ]
    secrets += [token.rsplit(".", 1)[-1] for token in secrets if token.count(".") == 2]  # JWT signatures alone
    outputs = {"rendered": captured_logs.text, "recorded": recorded}
    access = [
        r for r in captured_logs.records() if r["logger"] == "mandi.access" and r["route"].startswith("/api/v1/auth")
    ]
    assert len(access) >= 6, "the sign-in requests were not logged: the capture is not working"
    assert all(r.get("request_id") for r in access)
    for name, output in outputs.items():
        leaked = [secret for secret in secrets if secret in output]
        assert not leaked, f"{name} log output contains {len(leaked)} secret(s)"
        assert code not in _without_numbers_that_are_not_codes(output), f"{name} log output contains the OTP"
    assert "Bearer [REDACTED]" in captured_logs.text
