"""A top match found by trading: each party's users are told by its token, never who the other side is."""

from __future__ import annotations

import uuid
from decimal import Decimal

from backend.contracts.trading.events import MatchFoundV1
from backend.core.clock import utc_now
from backend.core.messaging.bus import InProcessBus
from backend.core.messaging.envelope import Envelope
from backend.core.principal import DataScope, UserKind
from backend.modules.identity.application.match_notices import NOTIFY_MATCH_PARTIES, percent
from backend.modules.identity.application.subscribers import register_identity_subscribers
from backend.modules.identity.domain.user import NewUser, User, UserStatus
from tests.fakes.identity import FakeIdentity, auth_context

TENANT = uuid.uuid4()
BUYER, SELLER = uuid.uuid4(), uuid.uuid4()
TOKEN = "M-q8Jx2LwVt0aZ3kPe"


def match_found(**overrides: object) -> MatchFoundV1:
    fields: dict[str, object] = {
        "match_id": uuid.uuid4(),
        "tenant_id": TENANT,
        "requirement_id": uuid.uuid4(),
        "availability_id": uuid.uuid4(),
        "score": Decimal("0.8660"),
        "quality_score": Decimal("0.9"),
        "price_score": Decimal("0.8"),
        "delivery_score": Decimal("0.9"),
        "risk_score": Decimal("0.85"),
        "buyer_partner_id": BUYER,
        "seller_partner_id": SELLER,
        "token": TOKEN,
    }
    return MatchFoundV1.model_validate({**fields, **overrides})


_counter = iter(range(10**6))


def partner_user(
    partner_id: uuid.UUID,
    name: str,
    status: UserStatus = UserStatus.INVITED,
    *,
    tenant_id: uuid.UUID = TENANT,
    email: str | None = None,
) -> User:
    mobile = f"+9197{next(_counter):08d}"
    user = User.register(NewUser(UserKind.EXTERNAL, tenant_id, partner_id, email, mobile, name))
    if status is not UserStatus.INVITED:
        user.activate(None)
    if status is UserStatus.DISABLED:
        user.disable()
    if status is UserStatus.LOCKED:
        while not user.record_failed_login(utc_now()):
            pass
    assert user.status is status
    return user


async def stored(fake: FakeIdentity, *users: User) -> None:
    for user in users:
        async with fake.uow(DataScope(tenant_id=user.tenant_id)) as uow:
            await uow.users.add(user)
            await uow.commit()


async def deliver(fake: FakeIdentity, *events: MatchFoundV1) -> None:
    bus = InProcessBus()
    register_identity_subscribers(bus, auth_context(fake))
    assert NOTIFY_MATCH_PARTIES in [s.consumer for s in bus.subscriptions(MatchFoundV1.wire_name)]
    for event in events:
        await bus.publish(Envelope.wrap(event, tenant_id=str(event.tenant_id)))


def to(fake: FakeIdentity, user: User) -> list[str]:
    assert user.mobile is not None
    return fake.messages_to(user.mobile)


async def test_each_partys_users_get_one_notice_naming_the_token_and_score() -> None:
    fake = FakeIdentity()
    asha, ravi = partner_user(BUYER, "Asha of Shree Spinning"), partner_user(BUYER, "Ravi", UserStatus.ACTIVE)
    kiran = partner_user(SELLER, "Kiran of Patel Ginning")
    await stored(fake, asha, ravi, kiran)

    await deliver(fake, match_found())

    assert [(m.channel, m.recipient) for m in fake.messages] == [
        ("sms", asha.mobile),
        ("sms", ravi.mobile),
        ("sms", kiran.mobile),
    ]
    [to_asha], [to_ravi], [to_kiran] = to(fake, asha), to(fake, ravi), to(fake, kiran)
    assert to_asha == to_ravi
    assert "requirement has a new match" in to_asha
    assert "availability matched a buyer's requirement" in to_kiran
    for body in (to_asha, to_kiran):
        assert TOKEN in body
        assert "87%" in body
        assert "start negotiating" in body
        assert len(body) <= 160  # one SMS


async def test_a_notice_never_names_the_other_side() -> None:
    fake = FakeIdentity()
    buyer_user, seller_user = partner_user(BUYER, "Shree Spinning Mills"), partner_user(SELLER, "Patel Ginning")
    await stored(fake, buyer_user, seller_user)
    event = match_found()

    await deliver(fake, event)

    [to_buyer], [to_seller] = to(fake, buyer_user), to(fake, seller_user)
    seller_traces = {str(SELLER), str(event.availability_id), "Patel", str(seller_user.mobile), str(seller_user.id)}
    buyer_traces = {str(BUYER), str(event.requirement_id), "Shree", str(buyer_user.mobile), str(buyer_user.id)}
    assert not {trace for trace in seller_traces if trace in to_buyer}
    assert not {trace for trace in buyer_traces if trace in to_seller}
    assert str(event.match_id) not in to_buyer + to_seller


async def test_only_users_who_can_sign_in_are_told() -> None:
    fake = FakeIdentity()
    invited, active = partner_user(BUYER, "Invited"), partner_user(BUYER, "Active", UserStatus.ACTIVE)
    disabled, locked = (
        partner_user(BUYER, "Disabled", UserStatus.DISABLED),
        partner_user(SELLER, "Locked", UserStatus.LOCKED),
    )
    await stored(fake, invited, active, disabled, locked)

    await deliver(fake, match_found())

    assert [len(to(fake, user)) for user in (invited, active, disabled, locked)] == [1, 1, 0, 0]


async def test_other_partners_and_tenants_users_are_not_told() -> None:
    fake = FakeIdentity()
    ours, bystander = partner_user(BUYER, "Ours"), partner_user(uuid.uuid4(), "Bystander")
    elsewhere = partner_user(SELLER, "Another tenant's", tenant_id=uuid.uuid4())  # out of the event's scope
    await stored(fake, ours, bystander, elsewhere)

    await deliver(fake, match_found())

    assert [len(to(fake, user)) for user in (ours, bystander, elsewhere)] == [1, 0, 0]


async def test_a_user_without_a_mobile_is_told_by_email() -> None:
    fake = FakeIdentity()
    user = partner_user(SELLER, "Mail Only", email="mail.only@example.com")
    user.mobile = None  # partner users register with a mobile; an older row may have lost it
    await stored(fake, user)

    await deliver(fake, match_found())

    [message] = fake.messages
    assert (message.channel, message.recipient) == ("email", "mail.only@example.com")
    assert TOKEN in message.body


async def test_a_redelivered_event_sends_nothing_twice() -> None:
    fake = FakeIdentity()
    buyer_user, seller_user = partner_user(BUYER, "Buyer"), partner_user(SELLER, "Seller")
    await stored(fake, buyer_user, seller_user)
    event = match_found()

    await deliver(fake, event, event)
    await deliver(fake, event)  # a worker that restarted gets it once more

    assert len(fake.messages) == 2
    assert (event.event_id, NOTIFY_MATCH_PARTIES) in fake.outbox.inbox


async def test_a_partner_without_users_is_fine() -> None:
    fake = FakeIdentity()
    buyer_user = partner_user(BUYER, "Buyer")
    await stored(fake, buyer_user)
    event = match_found()

    await deliver(fake, event)

    assert [m.recipient for m in fake.messages] == [buyer_user.mobile]
    assert (event.event_id, NOTIFY_MATCH_PARTIES) in fake.outbox.inbox


async def test_an_event_without_the_parties_is_a_no_op() -> None:
    fake = FakeIdentity()
    await stored(fake, partner_user(BUYER, "Buyer"), partner_user(SELLER, "Seller"))
    older = [
        match_found(buyer_partner_id=None, seller_partner_id=None, token=None),
        match_found(seller_partner_id=None),
        match_found(token=None),
    ]

    await deliver(fake, *older)

    assert fake.messages == []
    assert fake.outbox.inbox == set()  # nothing claimed either


def test_the_score_is_a_whole_percentage() -> None:
    assert [percent(Decimal(s)) for s in ("0.8660", "0.865", "0.6", "1", "0.0049")] == [
        "87%",
        "87%",
        "60%",
        "100%",
        "0%",
    ]
