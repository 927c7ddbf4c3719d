"""Matching: hard filters, the explained score stored with each match, top-N, anonymous tokens."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest

from backend.core.messaging.envelope import Envelope
from backend.core.principal import DataScope
from backend.modules.trading.application.commands.cancel_availability import CancelAvailability, cancel_availability
from backend.modules.trading.application.errors import PostingNotFound, RequirementNotOpen
from backend.modules.trading.application.queries.list_matches import ListMatches, list_matches
from backend.modules.trading.application.views import MatchView, OfferView
from backend.modules.trading.domain.enums import MatchStatus, RiskVerdict, Visibility
from backend.modules.trading.domain.geo import GeoPoint, distance_km
from backend.modules.trading.domain.quantities import Quantity
from backend.modules.trading.domain.scoring import rounded
from tests.fakes.trading_facades import COIMBATORE, MUMBAI, location, place
from tests.service.trading.explain import failed_rules
from tests.service.trading.flows import draft_requirement, live_availability, live_requirement, matched
from tests.service.trading.world import OTHER_TENANT, TENANT, World, partner_user, staff

MATCH_FOUND = "trading.match_found.v1"
GONDAL = ("Gondal", "21.9612", "70.7939", "24")


def rajkot_to_ahmedabad(world: World) -> Decimal:
    [a], [b] = world.seller.locations, world.buyer.locations
    assert a.coordinates is not None
    assert b.coordinates is not None
    return distance_km(
        GeoPoint(a.coordinates.latitude, a.coordinates.longitude),
        GeoPoint(b.coordinates.latitude, b.coordinates.longitude),
    )


async def test_a_match_stores_its_explained_score_and_announces_it(world: World) -> None:
    requirement = await live_requirement(world)
    availability = await live_availability(world)
    view = await matched(world, requirement)
    [item] = view.items
    km = rajkot_to_ahmedabad(world)
    delivery = rounded(1 - Decimal("0.5") * km / 300)
    total = rounded(Decimal("0.40") + Decimal("0.30") + Decimal("0.15") * delivery + Decimal("0.15"))
    assert (item.quality_score, item.price_score, item.risk_score) == (Decimal(1),) * 3
    assert (item.delivery_score, item.score, item.distance_km, item.status) == (delivery, total, km, "open")
    assert item.reasons[0] == "quality staple_length: 1 (at the preferred value)"
    assert item.offer is not None
    offer = item.offer
    assert (offer.available, offer.price, offer.ship_from_state) == (Decimal(17000), Decimal(60000), "24")
    async with world.fake.uow(DataScope(TENANT)) as uow:
        [stored] = await uow.matches.for_requirement(requirement.id)
    assert (stored.availability_id, stored.seller_partner_id, stored.buyer_partner_id) == (
        availability.id,
        world.seller.id,
        world.buyer.id,
    )
    assert (stored.token, stored.score.total, stored.score.delivery, stored.score.reasons) == (
        item.token,
        total,
        delivery,
        item.reasons,
    )
    [event] = world.events(MATCH_FOUND)
    assert (event.match_id, event.availability_id, event.score, event.delivery_score) == (
        stored.id,
        availability.id,
        total,
        delivery,
    )
    assert (event.buyer_partner_id, event.seller_partner_id, event.token) == (
        world.buyer.id,
        world.seller.id,
        item.token,
    )
    assert world.risk.asked == [
        (world.buyer.id, world.seller.id, world.cotton.id, Decimal("2868714.14"), "INR")
    ]  # 17000 kg at 60000 INR per candy of 355.56 kg, to the paisa


async def test_matches_are_anonymous_tokens(world: World) -> None:
    requirement = await live_requirement(world)
    other = world.partners.add(TENANT, "BP-IN-0003", place(GONDAL))
    await live_availability(world)
    await live_availability(world, other)
    view = await matched(world, requirement)
    tokens = [item.token for item in view.items]
    assert len(set(tokens)) == 2
    assert all(t.startswith("M-") and len(t) == 18 for t in tokens)
    names = {f.name for f in fields(MatchView)} | {f.name for f in fields(OfferView)}
    assert not any("seller" in name or "partner" in name or name == "id" for name in names)


async def _variety(world: World) -> uuid.UUID:
    return (await live_availability(world, variety="MCU-5")).id


async def _price(world: World) -> uuid.UUID:
    return (await live_availability(world, price=Decimal(62001))).id


async def _currency(world: World) -> uuid.UUID:
    return (await live_availability(world, currency="USD", price=Decimal(700))).id


async def _quantity(world: World) -> uuid.UUID:
    return (await live_availability(world, quantity=Quantity(Decimal("9.99"), "BALE"))).id


async def _window(world: World) -> uuid.UUID:
    return (await live_availability(world, available_from=date(2026, 7, 1), available_until=date(2026, 7, 9))).id


async def _distance(world: World) -> uuid.UUID:
    far = world.partners.add(TENANT, "BP-IN-0003", place(COIMBATORE, can_receive=False))
    return (await live_availability(world, far)).id


async def _inter_state(world: World) -> uuid.UUID:
    near = world.partners.add(TENANT, "BP-IN-0003", location("Over the border", "22.90", "72.60", state_code="27"))
    return (await live_availability(world, near)).id


async def _origin(world: World) -> uuid.UUID:
    return (await live_availability(world, country_of_origin="US")).id


async def _visibility(world: World) -> uuid.UUID:
    listed = frozenset({uuid.uuid4()})
    return (await live_availability(world, visibility=Visibility.RESTRICTED, listed_buyers=listed)).id


async def _capability(world: World) -> uuid.UUID:
    availability = await live_availability(world)
    world.partners.set_capabilities(world.seller.id, frozenset({"domestic_buy"}))
    return availability.id


async def _insider(world: World) -> uuid.UUID:
    sister = world.partners.add(TENANT, "BP-IN-0003", place(GONDAL), master_partner_id=world.buyer.id)
    return (await live_availability(world, sister)).id


async def _risk(world: World) -> uuid.UUID:
    world.risk.set(world.buyer.id, world.seller.id, RiskVerdict.FAIL)
    return (await live_availability(world)).id


async def _closed(world: World) -> uuid.UUID:
    availability = await live_availability(world)
    await cancel_availability(CancelAvailability(availability.id), staff(), world.ctx)
    return availability.id


async def _score(world: World) -> uuid.UUID:
    quality = {"staple_length": "35", "micronaire": "5.5"}
    return (await live_availability(world, quality=quality, price=Decimal(62000))).id


CASES: dict[str, tuple[Callable[[World], Awaitable[uuid.UUID]], str]] = {
    "variety": (_variety, "variety"),
    "price": (_price, "price"),
    "currency": (_currency, "currency"),
    "quantity": (_quantity, "quantity"),
    "window": (_window, "window"),
    "distance": (_distance, "distance"),
    "inter_state": (_inter_state, "inter_state"),
    "origin": (_origin, "origin"),
    "visibility": (_visibility, "visibility"),
    "capability": (_capability, "capability"),
    "insider": (_insider, "insider"),
    "risk": (_risk, "risk"),
    "availability_open": (_closed, "availability_open"),
    "score": (_score, "score"),
}


@pytest.mark.parametrize("case", list(CASES))
async def test_each_hard_filter_keeps_a_pair_apart_and_says_why(world: World, case: str) -> None:
    post, rule = CASES[case]
    requirement = await live_requirement(world, origin_country="IN" if case == "origin" else None)
    availability_id = await post(world)
    view = await matched(world, requirement)
    assert view.items == ()
    assert rule in await failed_rules(world, requirement.id, availability_id)
    assert world.events(MATCH_FOUND) == []


async def test_only_the_top_n_are_kept_and_those_falling_out_are_closed(world: World) -> None:
    world.set_matching(top_n=2)
    requirement = await live_requirement(world)
    best, second, third = [await live_availability(world, price=Decimal(p)) for p in (60000, 61000, 61500)]
    first_run = await matched(world, requirement)
    assert [i.price_score for i in first_run.items] == [1, Decimal("0.95")]
    await cancel_availability(CancelAvailability(best.id), staff(), world.ctx)
    second_run = await matched(world, requirement)
    assert [i.price_score for i in second_run.items] == [Decimal("0.95"), Decimal("0.85")]
    assert second_run.items[0].token == first_run.items[1].token  # kept, not found again
    listed = await list_matches(ListMatches(requirement.id, include_closed=True), staff(), world.ctx)
    assert sorted(i.status for i in listed.items) == ["closed", "open", "open"]
    assert len(world.events(MATCH_FOUND)) == 3
    assert {second.id, third.id} <= {e.availability_id for e in world.events(MATCH_FOUND)}


async def test_a_warning_from_risk_halves_the_risk_score_and_costs_a_tenth(world: World) -> None:
    requirement = await live_requirement(world)
    await live_availability(world)
    [clean] = (await matched(world, requirement)).items
    world.risk.set(world.buyer.id, world.seller.id, RiskVerdict.WARN)
    [warned] = (await matched(world, requirement)).items
    assert warned.token == clean.token
    assert warned.risk_score == Decimal("0.5")
    expected = rounded((clean.score - Decimal("0.15") * Decimal("0.5")) * Decimal("0.9"))
    assert warned.score == expected
    async with world.fake.uow(DataScope(TENANT)) as uow:
        [stored] = await uow.matches.for_requirement(requirement.id)
    assert (stored.score.risk, stored.version, stored.status) == (Decimal("0.5"), 2, MatchStatus.OPEN)


async def test_partner_users_see_their_own_requirements_matches_only(world: World) -> None:
    requirement = await live_requirement(world)
    await live_availability(world)
    await matched(world, requirement, partner_user(world.buyer.id))
    mine = await list_matches(ListMatches(requirement.id), partner_user(world.buyer.id), world.ctx)
    assert len(mine.items) == 1
    for outsider in (partner_user(world.seller.id), staff(OTHER_TENANT)):
        with pytest.raises(PostingNotFound):
            await list_matches(ListMatches(requirement.id), outsider, world.ctx)
        with pytest.raises(PostingNotFound):
            await matched(world, requirement, outsider)


async def test_only_an_open_requirement_is_matched(world: World) -> None:
    draft = await draft_requirement(world)
    with pytest.raises(RequirementNotOpen) as raised:
        await matched(world, draft)
    assert raised.value.extra == {"current_status": "draft"}


async def test_publishing_starts_matching_through_the_subscribers_once(world: World) -> None:
    requirement = await live_requirement(world)
    await world.deliver()  # nothing to match yet
    assert world.events(MATCH_FOUND) == []
    await live_availability(world)
    await world.deliver()
    [event] = world.events(MATCH_FOUND)
    assert event.requirement_id == requirement.id
    # a redelivery of everything does nothing new
    for published in list(world.fake.published):
        await world.bus.publish(Envelope.wrap(published))
    assert len(world.events(MATCH_FOUND)) == 1


async def test_another_buyer_in_another_state_is_not_offered_a_far_lot(world: World) -> None:
    mumbai_buyer = world.partners.add(TENANT, "BP-IN-0004", place(MUMBAI, can_ship_from=False))
    requirement = await live_requirement(world, mumbai_buyer)
    await live_availability(world)
    assert (await matched(world, requirement)).items == ()
