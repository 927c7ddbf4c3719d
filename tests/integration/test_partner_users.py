"""Identity makes an approved partner's contacts its users (real PostgreSQL): idempotent, the primary
one invited by SMS, and the OTP sign-in then works for them."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from backend.app.bootstrap import Container
from backend.contracts.partners.events import AmendmentApprovedV1, PartnerApprovedV1, PartnerContactV1
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.modules.identity.application.subscribers import PROVISION_PARTNER_USERS, register_identity_subscribers
from tests.actors import Actor
from tests.api.identity.auth_helpers import (
    OTP_REQUEST,
    OTP_VERIFY,
    audit_rows,
    invite_partner_user,
    latest_code,
    me,
    messages_to,
    unique_mobile,
)


def approved(tenant_id: uuid.UUID, partner_id: uuid.UUID, *contacts: PartnerContactV1) -> PartnerApprovedV1:
    return PartnerApprovedV1(
        partner_id=partner_id,
        tenant_id=tenant_id,
        partner_code="BP-IN-0001",
        approved_by=uuid.uuid4(),
        kyc_expires_on=date(2027, 6, 15),
        risk_score=90,
        risk_category="low",
        recommended_credit_limit=Decimal("3000000.00"),
        currency="INR",
        legal_name="Unique Traders",
        contacts=contacts,
    )


def person(name: str, primary: bool = False, email: str | None = None) -> PartnerContactV1:
    return PartnerContactV1(id=uuid.uuid4(), full_name=name, mobile=unique_mobile(), email=email, primary=primary)


async def users_of(connection: AsyncConnection, partner_id: uuid.UUID) -> list[tuple[str, str, str, str | None]]:
    await connection.execute(text("SELECT set_config('mandi.platform', 'on', true)"))
    rows = await connection.execute(
        text(
            "SELECT u.mobile, u.kind, u.status, r.name FROM identity.users u"
            " LEFT JOIN identity.role_assignments a ON a.user_id = u.id"
            " LEFT JOIN identity.roles r ON r.id = a.role_id"
            " WHERE u.partner_id = :partner ORDER BY u.full_name"
        ),
        {"partner": partner_id},
    )
    return [tuple(row) for row in rows.all()]  # type: ignore[misc]


async def deliver(container: Container, event: PartnerApprovedV1) -> None:
    bus = InProcessBus()
    register_identity_subscribers(bus, container.auth)
    assert [s.consumer for s in bus.subscriptions(event.wire_name)] == [PROVISION_PARTNER_USERS]
    await bus.publish(Envelope.wrap(event, tenant_id=str(event.tenant_id)))


async def test_each_contact_becomes_a_partner_user_once_and_the_primary_is_invited(
    container: Container, admin: Actor, connection: AsyncConnection, anonymous: httpx.AsyncClient
) -> None:
    assert admin.tenant_id is not None
    partner_id = uuid.uuid4()
    asha, ravi = person("Asha Patil", primary=True, email=f"asha-{uuid.uuid4().hex[:6]}@example.com"), person("Ravi")
    event = approved(admin.tenant_id, partner_id, asha, ravi)
    await deliver(container, event)
    await deliver(container, event)  # redelivered: the inbox makes it a no-op
    assert await users_of(connection, partner_id) == [
        (asha.mobile, "external", "invited", "partner_user"),
        (ravi.mobile, "external", "invited", "partner_user"),
    ]
    [invitation] = await messages_to(connection, asha.mobile)
    assert "Unique Traders" in invitation
    assert "one-time code" in invitation
    assert await messages_to(connection, ravi.mobile) == []

    # the partner approved again later (a new event) with one more contact: only the new one is added
    meena = person("Meena")
    await deliver(container, approved(admin.tenant_id, partner_id, asha, ravi, meena))
    assert [row[0] for row in await users_of(connection, partner_id)] == [asha.mobile, meena.mobile, ravi.mobile]
    assert len(await messages_to(connection, asha.mobile)) == 1

    # the invited primary contact signs in with a one-time code
    assert (await anonymous.post(OTP_REQUEST, json={"mobile": asha.mobile})).status_code == 202
    code = await latest_code(connection, asha.mobile)
    signed_in = await anonymous.post(OTP_VERIFY, json={"mobile": asha.mobile, "code": code})
    assert signed_in.status_code == 200, signed_in.text
    user = (await me(anonymous, signed_in.json()["access_token"])).json()
    assert (user["user"]["kind"], user["user"]["partner_id"]) == ("external", str(partner_id))


async def test_a_mobile_number_someone_else_uses_is_skipped_and_recorded(
    container: Container, admin: Actor, client: httpx.AsyncClient, connection: AsyncConnection
) -> None:
    assert admin.tenant_id is not None
    taken = await invite_partner_user(client)  # another partner's user holds this number
    assert taken.mobile is not None
    partner_id = uuid.uuid4()
    clash = PartnerContactV1(id=uuid.uuid4(), full_name="Clash", mobile=taken.mobile, primary=True)
    await deliver(container, approved(admin.tenant_id, partner_id, clash, person("Fresh")))
    assert len(await users_of(connection, partner_id)) == 1
    [skipped] = await audit_rows(connection, "partner_user_skipped", partner_id)
    assert skipped.details["reason"] == "the mobile number belongs to another user"
    assert skipped.details["contact_id"] == str(clash.id)


def contact_amended(
    tenant_id: uuid.UUID, partner_id: uuid.UUID, kind: str, new_value: dict[str, object]
) -> AmendmentApprovedV1:
    return AmendmentApprovedV1(
        partner_id=partner_id,
        tenant_id=tenant_id,
        partner_code="BP-IN-0001",
        amendment_id=uuid.uuid4(),
        kind=kind,
        requested_by=uuid.uuid4(),
        approved_by=uuid.uuid4(),
        old_value=None,
        new_value=new_value,
    )


async def test_a_contact_added_by_an_approved_amendment_becomes_a_partner_user(
    container: Container, admin: Actor, connection: AsyncConnection
) -> None:
    assert admin.tenant_id is not None
    partner_id = uuid.uuid4()
    bus = InProcessBus()
    register_identity_subscribers(bus, container.auth)
    kiran = person("Kiran Desai")
    contact = {
        "id": str(kiran.id),
        "full_name": kiran.full_name,
        "mobile": kiran.mobile,
        "email": None,
        "primary": False,
    }
    bank = {"holder_name": "Unique Traders", "account_number": "XXXX1234", "country": "IN"}
    for event in (
        contact_amended(admin.tenant_id, partner_id, "bank_change", bank),  # not a person: nothing to do
        contact_amended(admin.tenant_id, partner_id, "contact_change", contact),
    ):
        await bus.publish(Envelope.wrap(event, tenant_id=str(event.tenant_id)))
    assert await users_of(connection, partner_id) == [(kiran.mobile, "external", "invited", "partner_user")]
