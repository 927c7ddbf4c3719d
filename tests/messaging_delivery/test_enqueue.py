"""With a transport configured, a command's message is queued in its own transaction, not put in the
development mailbox; without one (the default) the development mailbox keeps it, as before."""

from __future__ import annotations

import uuid

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from backend.app.bootstrap import Container
from backend.core.principal import SYSTEM_SCOPE
from backend.modules.identity.application.commands.request_otp import RequestOtp, request_otp
from tests.actors import tenant_admin, unique_email
from tests.api.identity import rbac_helpers as h
from tests.messaging_delivery.conftest import dev_messages, outgoing


async def test_an_invitation_queues_exactly_one_email_and_leaves_the_dev_mailbox_alone(delivery: Container) -> None:
    admin = await tenant_admin(delivery)
    email = unique_email("invited")
    await h.invite(delivery, admin, email=email)

    [queued] = await outgoing(delivery, email)
    assert (queued["channel"], queued["status"], queued["attempts"]) == ("email", "pending", 0)
    assert "Activate your account with this code: " in str(queued["body"])
    assert (queued["sent_at"], queued["provider_message_id"], queued["last_error"]) == (None, None, None)
    assert await dev_messages(delivery, email) == 0


async def test_an_otp_request_queues_exactly_one_sms(delivery: Container) -> None:
    admin = await tenant_admin(delivery)
    mobile = h.unique_mobile()
    await h.invite(delivery, admin, mobile=mobile, partner_id=uuid.uuid4())
    await request_otp(RequestOtp(mobile), delivery.auth)

    [queued] = await outgoing(delivery, mobile)
    assert (queued["channel"], queued["status"]) == ("sms", "pending")
    assert h.OTP_CODE.search(str(queued["body"]))
    assert await dev_messages(delivery, mobile) == 0


async def test_a_rolled_back_command_queues_nothing(delivery: Container) -> None:
    email = unique_email("rolled-back")
    seen_inside: list[object] = []

    async def failing_command() -> None:
        async with delivery.identity_uow(SYSTEM_SCOPE) as uow:
            await uow.auth.deliver("email", email, "Welcome to Mandi. Activate your account with this code: abc")
            count = text("SELECT count(*) FROM identity.outgoing_messages WHERE recipient = :r")
            seen_inside.append(await uow.session.scalar(count, {"r": email}))
            raise RuntimeError("the command failed after writing its message")

    with pytest.raises(RuntimeError, match="the command failed"):
        await failing_command()
    assert seen_inside == [1]  # written in the command's transaction...
    assert await outgoing(delivery, email) == []  # ...and gone with it
    assert await dev_messages(delivery, email) == 0


async def test_a_channel_without_transport_keeps_the_development_mailbox(
    delivery: Container, container: Container
) -> None:
    only_email = Container(
        settings=delivery.settings.model_copy(
            update={"sms_gateway_url": None, "sms_gateway_token": None, "sms_sender": None}
        ),
        engine=delivery.engine,
        session_factory=delivery.session_factory,
    )
    assert only_email.outgoing_messages.channels == {"email"}
    assert container.outgoing_messages.channels == frozenset()  # the test suite's default: no transport at all
    mobile, email = h.unique_mobile(), unique_email("default")
    async with only_email.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("sms", mobile, "Your Mandi sign-in code is 123456.")
        await uow.commit()
    async with container.identity_uow(SYSTEM_SCOPE) as uow:
        await uow.auth.deliver("email", email, "Welcome to Mandi. Activate your account with this code: xyz")
        await uow.commit()

    assert (await dev_messages(container, mobile), await outgoing(container, mobile)) == (1, [])
    assert await h.last_message(container, email) == "Welcome to Mandi. Activate your account with this code: xyz"
    assert await outgoing(container, email) == []
    assert await container.outgoing_messages.dispatch_due() == 0  # nothing to send, not even a query


def test_secrets_stay_out_of_the_settings_repr(delivery: Container) -> None:
    shown = repr(delivery.settings)
    assert "smtp-s3cret" not in shown
    assert "gateway-t0ken" not in shown
    assert "smtp_url=SecretStr('**********')" in shown
    assert isinstance(delivery.settings.sms_gateway_token, SecretStr)
    assert "smtp-s3cret" not in repr(delivery.settings.smtp_server)
