"""A message the mail server or the SMS gateway refuses outright (a 5xx about the recipient, a 400 or
422 about the message) is given up at once; a temporary refusal (4xx from SMTP, a gateway's 429) is
retried like any other failure. Sent and failed messages are forgotten after thirty days."""

from __future__ import annotations

from datetime import timedelta

from backend.app.bootstrap import Container
from backend.core.principal import SYSTEM_SCOPE
from tests.actors import unique_email
from tests.api.identity import rbac_helpers as h
from tests.messaging_delivery.conftest import Clock, outgoing
from tests.messaging_delivery.servers import GatewayStub, SmtpRecorder
from tests.messaging_delivery.test_dispatch import dispatcher


async def _queued(container: Container, channel: str, recipient: str) -> None:
    async with container.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver(channel, recipient, "Mandi: your requirement has a new match.")
        await uow.commit()


async def test_a_recipient_the_mail_server_refuses_for_good_is_failed_at_once(
    delivery: Container, smtp: tuple[SmtpRecorder, int], clock: Clock
) -> None:
    email = unique_email("gone")
    smtp[0].refused[email] = "550 5.1.1 no such mailbox"
    await _queued(delivery, "email", email)
    assert await dispatcher(delivery, clock).dispatch_due() == 1
    [row] = await outgoing(delivery, email)
    assert (row["status"], row["attempts"], row["body"]) == ("failed", 1, "")
    assert row["last_error"] == "Undeliverable: the mail server refused the recipient (550)"
    assert smtp[0].received == []


async def test_a_temporary_refusal_is_retried_and_then_delivered(
    delivery: Container, smtp: tuple[SmtpRecorder, int], clock: Clock
) -> None:
    email = unique_email("busy")
    smtp[0].refused[email] = "450 4.2.1 mailbox busy, try later"
    await _queued(delivery, "email", email)
    messages = dispatcher(delivery, clock)
    assert await messages.dispatch_due() == 1
    [row] = await outgoing(delivery, email)
    assert (row["status"], row["attempts"]) == ("pending", 1)
    del smtp[0].refused[email]
    clock.advance(timedelta(seconds=10))
    assert await messages.dispatch_due() == 1
    [row] = await outgoing(delivery, email)
    assert (row["status"], row["attempts"]) == ("sent", 2)
    assert [mail.rcpt_tos for mail in smtp[0].received] == [[email]]


async def test_a_message_the_gateway_refuses_is_failed_at_once_and_a_throttle_is_retried(
    delivery: Container, gateway: tuple[GatewayStub, int], clock: Clock
) -> None:
    stub = gateway[0]
    stub.status, stub.answer = 422, {"error": "not a mobile number"}
    refused = h.unique_mobile()
    await _queued(delivery, "sms", refused)
    messages = dispatcher(delivery, clock)
    assert await messages.dispatch_due() == 1
    [row] = await outgoing(delivery, refused)
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert row["last_error"] == "Undeliverable: the SMS gateway refused the message (422)"

    stub.status = 429
    throttled = h.unique_mobile()
    await _queued(delivery, "sms", throttled)
    assert await messages.dispatch_due() == 1
    [row] = await outgoing(delivery, throttled)
    assert (row["status"], row["attempts"]) == ("pending", 1)


async def test_finished_messages_are_forgotten_after_thirty_days_and_pending_ones_kept(
    delivery: Container, gateway: tuple[GatewayStub, int], clock: Clock
) -> None:
    sent, waiting = h.unique_mobile(), h.unique_mobile()
    await _queued(delivery, "sms", sent)
    messages = dispatcher(delivery, clock)
    assert await messages.dispatch_due() == 1
    gateway[0].status = 503
    await _queued(delivery, "sms", waiting)
    assert await messages.dispatch_due() == 1  # retried later: still pending
    assert await messages.purge() == 0  # nothing old enough yet
    assert [len(await outgoing(delivery, r)) for r in (sent, waiting)] == [1, 1]
    clock.advance(timedelta(days=31))
    assert await messages.purge() >= 1
    assert await outgoing(delivery, sent) == []
    [row] = await outgoing(delivery, waiting)
    assert row["status"] == "pending"
    assert "identity.purge_outgoing_messages" in {job.name for job in delivery.jobs()}
