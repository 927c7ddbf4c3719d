"""Publishing, cancelling, reading and expiring postings; who may see which."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from backend.core.errors import ConcurrencyConflict
from backend.modules.trading.application.commands.cancel_availability import CancelAvailability, cancel_availability
from backend.modules.trading.application.commands.cancel_requirement import CancelRequirement, cancel_requirement
from backend.modules.trading.application.commands.publish_availability import (
    PublishAvailability,
    publish_availability,
)
from backend.modules.trading.application.commands.publish_requirement import PublishRequirement, publish_requirement
from backend.modules.trading.application.errors import MissingCapability, PostingNotFound
from backend.modules.trading.application.expiry_job import ExpiryResult, expire_postings
from backend.modules.trading.application.ports import PostingFilter
from backend.modules.trading.application.queries.get_posting import (
    GetAvailability,
    GetRequirement,
    get_availability,
    get_requirement,
)
from backend.modules.trading.application.queries.list_postings import (
    ListPostings,
    list_availabilities,
    list_requirements,
)
from backend.modules.trading.domain.errors import IllegalTransition
from tests.fakes.trading_facades import MUMBAI, place
from tests.service.trading.flows import (
    draft_availability,
    draft_requirement,
    live_availability,
    live_requirement,
)
from tests.service.trading.world import NOW, OTHER_TENANT, TENANT, World, partner_user, staff


async def test_publishing_an_availability_makes_it_active_and_announces_it(world: World) -> None:
    draft = await draft_availability(world)
    view = await publish_availability(PublishAvailability(draft.id), staff(), world.ctx)
    assert (view.status, view.published_at, view.version) == ("active", NOW, 2)
    [event] = world.events("trading.availability_published.v1")
    assert event.wire_name == "trading.availability_published.v1"
    assert (event.availability_id, event.tenant_id, event.seller_partner_id) == (view.id, TENANT, world.seller.id)
    assert (event.quantity, event.unit, event.price, event.currency) == (Decimal(17000), "KG", Decimal(60000), "INR")
    assert event.ship_from_location_id == world.seller.locations[0].id
    with pytest.raises(IllegalTransition) as raised:
        await publish_availability(PublishAvailability(draft.id), staff(), world.ctx)
    assert (raised.value.current, raised.value.target) == ("active", "active")
    assert len(world.fake.published) == 1


async def test_publishing_a_requirement_announces_it(world: World) -> None:
    view = await live_requirement(world)
    [event] = world.events("trading.requirement_published.v1")
    assert (event.requirement_id, event.buyer_partner_id, event.variety) == (view.id, world.buyer.id, "Shankar-6")
    assert (event.min_quantity, event.max_quantity, event.max_price) == (Decimal(8500), Decimal(25500), Decimal(62000))


async def test_a_lapsed_capability_stops_publishing(world: World) -> None:
    availability, requirement = await draft_availability(world), await draft_requirement(world)
    world.partners.set_capabilities(world.seller.id, frozenset())
    world.partners.set_capabilities(world.buyer.id, frozenset())
    with pytest.raises(MissingCapability):
        await publish_availability(PublishAvailability(availability.id), staff(), world.ctx)
    with pytest.raises(MissingCapability):
        await publish_requirement(PublishRequirement(requirement.id), staff(), world.ctx)
    assert (await get_availability(GetAvailability(availability.id), staff(), world.ctx)).status == "draft"
    assert world.fake.published == []


async def test_a_draft_past_its_cut_off_cannot_be_published(world: World) -> None:
    draft = await draft_availability(world)
    world.now = datetime(2026, 7, 1, 0, 0, tzinfo=UTC)  # past 30 June midnight in Kolkata
    with pytest.raises(Exception, match="passed its cut-off"):
        await publish_availability(PublishAvailability(draft.id), staff(), world.ctx)


async def test_cancelling_records_the_reason_and_publishes_nothing(world: World) -> None:
    availability, requirement = await live_availability(world), await live_requirement(world)
    published = len(world.fake.published)
    cancelled = await cancel_availability(CancelAvailability(availability.id, " sold elsewhere "), staff(), world.ctx)
    assert (cancelled.status, cancelled.status_reason, cancelled.version) == ("cancelled", "sold elsewhere", 3)
    withdrawn = await cancel_requirement(CancelRequirement(requirement.id), staff(), world.ctx)
    assert (withdrawn.status, withdrawn.status_reason) == ("cancelled", None)
    assert len(world.fake.published) == published  # status changes stay inside the context
    with pytest.raises(IllegalTransition):
        await cancel_availability(CancelAvailability(availability.id), staff(), world.ctx)


async def test_a_partner_user_sees_and_changes_its_own_postings_only(world: World) -> None:
    availability, requirement = await draft_availability(world), await draft_requirement(world)
    seller_user, buyer_user = partner_user(world.seller.id), partner_user(world.buyer.id)
    assert (await get_availability(GetAvailability(availability.id), seller_user, world.ctx)).id == availability.id
    with pytest.raises(PostingNotFound):
        await get_availability(GetAvailability(availability.id), buyer_user, world.ctx)
    with pytest.raises(PostingNotFound):
        await get_requirement(GetRequirement(requirement.id), seller_user, world.ctx)
    with pytest.raises(PostingNotFound):
        await cancel_availability(CancelAvailability(availability.id), buyer_user, world.ctx)
    with pytest.raises(PostingNotFound):
        await publish_requirement(PublishRequirement(requirement.id), seller_user, world.ctx)
    assert (await get_requirement(GetRequirement(requirement.id), buyer_user, world.ctx)).status == "draft"


async def test_another_tenants_posting_is_a_404(world: World) -> None:
    availability = await draft_availability(world)
    with pytest.raises(PostingNotFound) as raised:
        await get_availability(GetAvailability(availability.id), staff(OTHER_TENANT), world.ctx)
    assert raised.value.extra == {"kind": "availability"}
    with pytest.raises(PostingNotFound):
        await cancel_availability(CancelAvailability(availability.id), staff(OTHER_TENANT), world.ctx)
    with pytest.raises(PostingNotFound):
        await get_availability(GetAvailability(uuid.uuid4()), staff(), world.ctx)


async def test_lists_are_newest_first_in_pages_and_a_partner_user_sees_its_own(world: World) -> None:
    other = world.partners.add(TENANT, "BP-IN-0003", place(MUMBAI, can_receive=False))
    made = []
    for price in (60000, 60100, 60200):
        made.append(await draft_availability(world, price=Decimal(price)))
        world.later(minutes=1)
    theirs = await draft_availability(world, other)
    first = await list_availabilities(ListPostings(PostingFilter(limit=2)), staff(), world.ctx)
    assert [v.id for v in first.items] == [theirs.id, made[2].id]
    assert first.next_after == (made[2].created_at, made[2].id)
    rest = await list_availabilities(ListPostings(PostingFilter(limit=2, after=first.next_after)), staff(), world.ctx)
    assert ([v.id for v in rest.items], rest.next_after) == ([made[1].id, made[0].id], None)
    own = await list_availabilities(
        ListPostings(PostingFilter(limit=10, partner_id=world.seller.id)), partner_user(other.id), world.ctx
    )
    assert [v.id for v in own.items] == [theirs.id]  # the partner filter is forced to its own
    none = await list_availabilities(ListPostings(PostingFilter(limit=10)), staff(OTHER_TENANT), world.ctx)
    assert none.items == ()
    await live_requirement(world)
    drafts = await list_requirements(ListPostings(PostingFilter(limit=10, status="draft")), staff(), world.ctx)
    assert drafts.items == ()


async def test_the_expiry_job_expires_live_postings_at_their_local_cut_off(world: World) -> None:
    availability, requirement = await live_availability(world), await live_requirement(world)
    draft = await draft_availability(world, price=Decimal(61000))
    assert await expire_postings(world.ctx) == ExpiryResult(0, 0)
    world.now = datetime(2026, 6, 30, 18, 29, tzinfo=UTC)  # 23:59 in Kolkata on the last day
    assert await expire_postings(world.ctx) == ExpiryResult(0, 0)
    world.now = datetime(2026, 6, 30, 18, 30, tzinfo=UTC)  # local midnight
    published = len(world.fake.published)
    assert await expire_postings(world.ctx) == ExpiryResult(1, 1)
    assert await expire_postings(world.ctx) == ExpiryResult(0, 0)
    assert (await get_availability(GetAvailability(availability.id), staff(), world.ctx)).status == "expired"
    expired = await get_requirement(GetRequirement(requirement.id), staff(), world.ctx)
    assert (expired.status, expired.status_reason) == ("expired", "cut-off passed")
    assert (await get_availability(GetAvailability(draft.id), staff(), world.ctx)).status == "draft"
    assert len(world.fake.published) == published


async def test_a_stale_copy_is_refused_and_leaves_the_store_as_it_was(world: World) -> None:
    view = await live_availability(world)
    scope = staff().data_scope
    async with world.fake.uow(scope) as first, world.fake.uow(scope) as second:
        mine, theirs = await first.availabilities.get(view.id), await second.availabilities.get(view.id)
        assert mine is not None
        assert theirs is not None
        mine.cancel("first")
        await first.availabilities.save(mine)
        theirs.block("second")
        await second.availabilities.save(theirs)  # both wrote before either committed
        await first.commit()
        with pytest.raises(ConcurrencyConflict):
            await second.commit()
    async with world.fake.uow(scope) as third:
        stale = await third.availabilities.get(view.id)
    assert stale is not None
    stale.persisted_version -= 1
    async with world.fake.uow(scope) as fourth:
        with pytest.raises(ConcurrencyConflict, match=str(view.id)):
            await fourth.availabilities.save(stale)  # committed meanwhile: refused at once
    assert (await get_availability(GetAvailability(view.id), staff(), world.ctx)).status == "cancelled"
