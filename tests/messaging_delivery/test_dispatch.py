"""The dispatcher sends queued messages through real transports: an SMTP server that wants a login and
an HTTP gateway; failures are retried later and given up after the configured number of tries."""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta

import pytest
from pydantic import SecretStr

from backend.app.bootstrap import Container
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.commands.activate_user import ActivateUser, activate_user
from backend.modules.identity.application.commands.request_otp import RequestOtp, request_otp
from backend.modules.identity.application.commands.verify_otp import VerifyOtp, verify_otp
from backend.modules.identity.application.tokens import TokenPair
from backend.modules.identity.infrastructure.message_dispatcher import OutgoingMessageDispatcher
from backend.modules.identity.infrastructure.message_transports import configured_transports
from tests.actors import PASSWORD, sign_in, tenant_admin, unique_email
from tests.api.identity import rbac_helpers as h
from tests.messaging_delivery.conftest import MAIL_FROM, MAX_ATTEMPTS, SENDER, Clock, outgoing
from tests.messaging_delivery.servers import GATEWAY_TOKEN, GatewayStub, SmtpRecorder, free_port


def dispatcher(container: Container, clock: Clock) -> OutgoingMessageDispatcher:
    """The container's dispatcher, on the test's clock."""
    settings = container.settings
    return OutgoingMessageDispatcher(
        container.session_factory,
        configured_transports(settings),
        max_attempts=settings.message_max_attempts,
        send_timeout_seconds=settings.message_send_timeout_seconds,
        clock=clock,
    )


async def test_an_invitation_is_mailed_with_its_code_and_marked_sent(
    delivery: Container, smtp: tuple[SmtpRecorder, int]
) -> None:
    admin = await tenant_admin(delivery)
    email = unique_email("mailed")
    await h.invite(delivery, admin, email=email)

    assert await delivery.outgoing_messages.drain() == 1

    [mail] = smtp[0].received
    assert (mail.mail_from, mail.rcpt_tos, mail.logged_in) == ("no-reply@mandi.example", [email], True)
    assert (mail.message["From"], mail.message["To"], mail.message["Subject"]) == (MAIL_FROM, email, "Welcome to Mandi")
    assert mail.message["Auto-Submitted"] == "auto-generated"
    body = mail.message.get_content()
    [row] = await outgoing(delivery, email)
    assert (row["status"], row["attempts"], row["last_error"], row["body"]) == ("sent", 1, None, "")
    assert row["provider_message_id"] == mail.message["Message-ID"] == f"<{row['id']}@mandi.example>"
    assert row["sent_at"] is not None
    # the mailed code is the one that works
    code = h.ACTIVATION_CODE.search(body)
    assert code is not None
    await activate_user(ActivateUser(code.group(1), PASSWORD), delivery.auth)
    assert isinstance(await sign_in(delivery, email), TokenPair)
    assert await delivery.outgoing_messages.drain() == 0  # sent once, never again


async def test_a_utf8_body_arrives_intact(delivery: Container, smtp: tuple[SmtpRecorder, int]) -> None:
    email = unique_email("utf8")
    body = "नमस्ते! Your ₹ 1,00,000 trade is confirmed.\nधन्यवाद"
    async with delivery.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("email", email, body)
        await uow.commit()
    await delivery.outgoing_messages.drain()
    [mail] = smtp[0].received
    assert mail.message.get_content().replace("\r\n", "\n").rstrip("\n") == body  # SMTP's line ends are CRLF
    assert mail.message.get_content_charset() == "utf-8"
    assert mail.message["Subject"] == "A message from Mandi"  # nothing plain to quote before the amount


async def test_an_otp_goes_to_the_gateway_with_the_bearer_token(
    delivery: Container, gateway: tuple[GatewayStub, int]
) -> None:
    admin = await tenant_admin(delivery)
    mobile = h.unique_mobile()
    await h.invite(delivery, admin, mobile=mobile, partner_id=uuid.uuid4())
    await request_otp(RequestOtp(mobile), delivery.auth)
    [queued] = await outgoing(delivery, mobile)

    assert await delivery.outgoing_messages.drain() == 1

    [request] = gateway[0].requests
    [row] = await outgoing(delivery, mobile)
    assert (request.method, request.path) == ("POST", "/v1/messages")
    assert request.headers["authorization"] == f"Bearer {GATEWAY_TOKEN}"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["idempotency-key"] == str(row["id"])
    assert request.payload == {"to": mobile, "body": queued["body"], "sender": SENDER}
    assert row["body"] == ""  # the code is not kept once sent
    assert (row["status"], row["attempts"], row["provider_message_id"]) == ("sent", 1, "gw-0001")
    code = h.OTP_CODE.search(request.payload["body"])
    assert code is not None
    assert isinstance(await verify_otp(VerifyOtp(mobile, code.group(1)), delivery.auth), TokenPair)


async def test_a_mail_server_that_is_down_means_retries_then_failure(
    delivery: Container, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    down = delivery.settings.model_copy(update={"smtp_url": SecretStr(f"smtp://127.0.0.1:{free_port()}")})
    container = Container(settings=down, engine=delivery.engine, session_factory=delivery.session_factory)
    email = unique_email("unlucky")
    body = "Reset your Mandi password with this code: Zk3-secret-code_0123456789abcdefghij"
    async with container.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("email", email, body)
        await uow.commit()
    messages = dispatcher(container, clock)

    with caplog.at_level(logging.INFO, logger="backend.modules.identity.infrastructure.message_dispatcher"):
        assert await messages.dispatch_due() == 1
        [row] = await outgoing(container, email)
        assert (row["status"], row["attempts"]) == ("pending", 1)
        assert row["next_attempt_at"] == clock.now + timedelta(seconds=10)
        assert str(row["last_error"]).startswith("SMTPConnectError: ")
        assert "Zk3" not in str(row["last_error"])

        assert await messages.dispatch_due() == 0  # not due yet
        clock.advance(timedelta(seconds=10))
        assert await messages.dispatch_due() == 1
        [row] = await outgoing(container, email)
        assert (row["status"], row["attempts"], row["next_attempt_at"]) == (
            "pending",
            2,
            clock.now + timedelta(seconds=20),
        )
        clock.advance(timedelta(seconds=20))
        assert await messages.dispatch_due() == 1

    [row] = await outgoing(container, email)
    assert (row["status"], row["attempts"], row["sent_at"], row["body"]) == ("failed", MAX_ATTEMPTS, None, "")
    clock.advance(timedelta(days=1))
    assert await messages.dispatch_due() == 0  # given up for good
    records = [r for r in caplog.records if r.name.endswith("message_dispatcher")]
    assert [r.levelname for r in records] == ["WARNING", "WARNING", "ERROR"]
    assert [getattr(r, "attempt", None) for r in records] == [1, 2, 3]
    for record in records:
        logged = f"{record.getMessage()} {record.__dict__}"
        assert "Zk3" not in logged
        assert email not in logged
        assert (record.channel, record.message_id, record.recipient) == ("email", str(row["id"]), "u***@mandi.example")


async def test_a_gateway_error_is_retried_and_a_recovered_gateway_sends(
    delivery: Container, gateway: tuple[GatewayStub, int], clock: Clock
) -> None:
    stub = gateway[0]
    stub.status, stub.answer = 500, {"error": "upstream operator unavailable"}
    mobile = h.unique_mobile()
    async with delivery.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("sms", mobile, "Your Mandi sign-in code is 123456. It expires in 5 minutes.")
        await uow.commit()
    messages = dispatcher(delivery, clock)

    assert await messages.dispatch_due() == 1
    [row] = await outgoing(delivery, mobile)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] > clock.now
    assert row["last_error"] == "GatewayRefused: the SMS gateway answered 500"

    stub.status, stub.answer = 202, {"message_id": 98765}
    clock.advance(timedelta(seconds=10))
    assert await messages.dispatch_due() == 1
    [row] = await outgoing(delivery, mobile)
    assert (row["status"], row["attempts"], row["provider_message_id"]) == ("sent", 2, "98765")
    assert row["last_error"] is None
    assert len(stub.requests) == 2


async def test_a_failing_gateway_is_given_up_after_the_maximum_tries(
    delivery: Container, gateway: tuple[GatewayStub, int], clock: Clock
) -> None:
    gateway[0].status = 500
    mobile = h.unique_mobile()
    async with delivery.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("sms", mobile, "Mandi: your requirement has a new match.")
        await uow.commit()
    messages = dispatcher(delivery, clock)
    for _ in range(MAX_ATTEMPTS):
        assert await messages.dispatch_due() == 1
        clock.advance(timedelta(hours=1))
    [row] = await outgoing(delivery, mobile)
    assert (row["status"], row["attempts"]) == ("failed", MAX_ATTEMPTS)
    assert await messages.dispatch_due() == 0
    assert len(gateway[0].requests) == MAX_ATTEMPTS


async def test_the_loop_sends_what_is_queued_and_stops_when_told(
    delivery: Container, smtp: tuple[SmtpRecorder, int]
) -> None:
    email = unique_email("looped")
    async with delivery.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("email", email, "Welcome to Mandi. Activate your account with this code: abc")
        await uow.commit()
    # the test's one connection is the loop's until it stopped: no other query meanwhile
    stop = asyncio.Event()
    loop = asyncio.create_task(delivery.outgoing_messages.run(stop, 0.05))
    async with asyncio.timeout(10):
        while not smtp[0].received:  # noqa: ASYNC110 - the server runs in another thread: nothing to await
            await asyncio.sleep(0.02)
    stop.set()
    await asyncio.wait_for(loop, timeout=5)
    [row] = await outgoing(delivery, email)
    assert row["status"] == "sent"
