"""Posting: commodity, variety, units, quality and capabilities checked before a draft is stored."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.modules.trading.application.commands.create_availability import CreateAvailability, create_availability
from backend.modules.trading.application.commands.create_requirement import CreateRequirement, create_requirement
from backend.modules.trading.application.commands.publish_availability import (
    PublishAvailability,
    publish_availability,
)
from backend.modules.trading.application.errors import MissingCapability
from backend.modules.trading.domain.enums import Visibility
from backend.modules.trading.domain.errors import DuplicatePosting, InvalidTradingInput
from backend.modules.trading.domain.quality import InvalidQuality, QualityRange, ValueRange
from backend.modules.trading.domain.quantities import Quantity
from backend.modules.trading.domain.requirement_terms import DeliveryPoint
from tests.fakes.trading_facades import COIMBATORE, MUMBAI, location, place
from tests.service.trading.flows import (
    availability_terms,
    draft_availability,
    draft_requirement,
    live_availability,
    live_requirement,
    named,
    requirement_terms,
)
from tests.service.trading.world import OTHER_TENANT, TENANT, World, partner_user, staff


def fields_of(error: InvalidTradingInput) -> list[str]:
    return [e.field for e in error.errors]


async def test_an_availability_is_stored_as_a_draft_in_the_base_unit(world: World) -> None:
    view = await draft_availability(world)
    rajkot = world.seller.locations[0]
    assert (view.status, view.unit, view.total, view.available) == ("draft", "KG", Decimal(17000), Decimal(17000))
    assert (view.price, view.price_unit, view.currency) == (Decimal(60000), "CANDY", "INR")
    assert view.quality == {"staple_length": "28.5-29.5", "micronaire": "4.2", "strength": "29"}
    assert (view.ship_from.location_id, view.ship_from.country, view.ship_from.state_code) == (rajkot.id, "IN", "24")
    assert view.ship_from.timezone == "Asia/Kolkata"
    assert view.country_of_origin == "IN"
    async with world.fake.uow(staff().data_scope) as uow:
        stored = await uow.availabilities.get(view.id)
    assert stored is not None
    assert stored.entered_quantity == Quantity(Decimal(100), "BALE")
    assert stored.quality["staple_length"] == ValueRange(Decimal("28.5"), Decimal("29.5"))
    assert world.fake.published == []  # a draft publishes nothing


@pytest.mark.parametrize(
    ("amount", "unit", "base"),
    [
        (Decimal("2.5"), "CANDY", Decimal("888.9")),
        (Decimal("0.001"), "candy", Decimal("0.35556")),
        (Decimal(3), "BALE", Decimal(510)),
        (Decimal("1234.567"), "KG", Decimal("1234.567")),
    ],
)
async def test_quantities_convert_to_kilograms_exactly(world: World, amount: Decimal, unit: str, base: Decimal) -> None:
    view = await draft_availability(world, quantity=Quantity(amount, unit))
    assert view.total == base
    assert str(view.total) == str(base)  # no binary rounding, no stray digits


async def test_an_unknown_commodity_is_a_422_on_commodity_id(world: World) -> None:
    terms = availability_terms(world.seller)
    with pytest.raises(InvalidTradingInput) as raised:
        await create_availability(CreateAvailability(uuid.uuid4(), terms, world.seller.id), staff(), world.ctx)
    assert fields_of(raised.value) == ["commodity_id"]


async def test_an_unknown_variety_or_unit_is_named(world: World) -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        await draft_availability(world, variety="Bt-999", price_unit="TONNE")
    assert fields_of(raised.value) == ["variety", "price_unit"]
    assert "'Bt-999' is not a variety of COTTON" in raised.value.detail
    view = await draft_availability(world, variety="shankar-6")
    assert view.variety == "Shankar-6"  # spelled as the commodity master spells it


@pytest.mark.parametrize(
    ("quality", "violation"),
    [
        ({"staple_length": "29", "micronaire": "6.4"}, ("micronaire", "max", "6", "6.4")),
        ({"staple_length": "18-19"}, ("staple_length", "min", "20", "18-19")),
        ({"staple_length": "29", "strength": "high"}, ("strength", "kind", None, "high")),
        ({"micronaire": "4"}, ("staple_length", "mandatory", None, None)),
        ({"staple_length": "29", "trash": "2"}, ("trash", "unknown", None, "2")),
    ],
)
async def test_quality_outside_the_specification_names_parameter_bound_and_value(
    world: World, quality: dict[str, str], violation: tuple[str, str, str | None, str | None]
) -> None:
    with pytest.raises(InvalidQuality) as raised:
        await draft_availability(world, quality=quality)
    parameter, bound, limit, value = violation
    assert raised.value.extra["violations"] == [
        {"parameter": parameter, "bound": bound, "limit": limit, "value": value}
    ]
    assert fields_of(raised.value) == [f"quality.{parameter}"]


async def test_quality_and_other_problems_come_in_one_422(world: World) -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        await draft_availability(world, quality={"staple_length": "50"}, price=Decimal(0))
    assert not isinstance(raised.value, InvalidQuality)
    assert fields_of(raised.value) == ["price", "quality.staple_length"]


async def test_a_seller_without_the_capability_gets_a_403_naming_it(world: World) -> None:
    world.partners.set_capabilities(world.seller.id, frozenset({"domestic_buy"}))
    with pytest.raises(MissingCapability) as raised:
        await draft_availability(world)
    assert raised.value.extra == {"capability": "domestic_sell", "partner_code": "BP-IN-0001"}
    assert world.fake.stores.availabilities == {}


async def test_selling_from_abroad_needs_export(world: World) -> None:
    dhaka = location("Dhaka", "23.8103", "90.4125", state_code="13", country="BD", can_receive=False)
    seller = world.partners.add(TENANT, "BP-IN-0009", dhaka, capabilities=frozenset({"domestic_sell"}))
    with pytest.raises(MissingCapability) as raised:
        await draft_availability(world, seller)
    assert raised.value.extra["capability"] == "export"
    world.partners.set_capabilities(seller.id, frozenset({"export"}))
    view = await draft_availability(world, seller)
    assert (view.ship_from.country, view.ship_from.timezone) == ("BD", "Asia/Dhaka")


async def test_the_ship_from_location_must_be_the_sellers_and_ship(world: World) -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        await draft_availability(world, ship_from=named(world.buyer.locations[0].id))
    assert fields_of(raised.value) == ["ship_from_location_id"]
    depot = world.partners.add(TENANT, "BP-IN-0010", place(MUMBAI, can_ship_from=False))
    with pytest.raises(InvalidTradingInput, match="does not ship goods"):
        await draft_availability(world, depot)


async def test_an_identical_posting_on_the_same_day_is_a_409(world: World) -> None:
    first = await live_availability(world)
    with pytest.raises(DuplicatePosting) as raised:
        await draft_availability(world, quantity=Quantity(Decimal("100.00"), "bale"))
    assert raised.value.extra == {"existing_id": str(first.id)}
    await draft_availability(world, price=Decimal(60001))  # a different price is another posting
    world.later(days=1)
    await draft_availability(world)  # the next local day it may be posted again


async def test_two_identical_drafts_clash_when_the_second_is_published(world: World) -> None:
    first, second = await draft_availability(world), await draft_availability(world)
    await publish_availability(PublishAvailability(first.id), staff(), world.ctx)
    with pytest.raises(DuplicatePosting):
        await publish_availability(PublishAvailability(second.id), staff(), world.ctx)
    async with world.fake.uow(staff().data_scope) as uow:
        still = await uow.availabilities.get(second.id)
    assert still is not None
    assert still.status.value == "draft"


async def test_visibility_lists_counterparties_only_when_restricted(world: World) -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        await draft_availability(world, visibility=Visibility.RESTRICTED)
    assert fields_of(raised.value) == ["listed_buyers"]
    with pytest.raises(InvalidTradingInput):
        await draft_availability(world, listed_buyers=frozenset({world.buyer.id}))
    view = await draft_availability(world, visibility=Visibility.RESTRICTED, listed_buyers=frozenset({world.buyer.id}))
    assert view.visibility == "restricted"


async def test_a_partner_user_posts_for_its_own_partner_only(world: World) -> None:
    own = partner_user(world.seller.id)
    view = await create_availability(
        CreateAvailability(world.cotton.id, availability_terms(world.seller)), own, world.ctx
    )
    assert view.seller_partner_id == world.seller.id
    command = CreateAvailability(world.cotton.id, availability_terms(world.seller), world.buyer.id)
    with pytest.raises(InvalidTradingInput) as raised:
        await create_availability(command, own, world.ctx)
    assert fields_of(raised.value) == ["seller_partner_id"]
    unnamed = CreateAvailability(world.cotton.id, availability_terms(world.seller))
    with pytest.raises(InvalidTradingInput, match="name the partner"):
        await create_availability(unnamed, staff(), world.ctx)


async def test_a_partner_of_another_tenant_is_unknown(world: World) -> None:
    gondal = location("Gondal", "21.9612", "70.7939", can_receive=False)
    stranger = world.partners.add(OTHER_TENANT, "BP-IN-0001", gondal)
    with pytest.raises(InvalidTradingInput) as raised:
        await draft_availability(world, stranger)
    assert fields_of(raised.value) == ["seller_partner_id"]


async def test_a_requirement_converts_its_three_quantities_and_keeps_its_ranges(world: World) -> None:
    view = await draft_requirement(world)
    assert (view.min_quantity, view.preferred_quantity, view.max_quantity) == (
        Decimal(8500),
        Decimal(17000),
        Decimal(25500),
    )
    assert (view.max_price, view.preferred_price, view.price_unit, view.status) == (
        Decimal(62000),
        Decimal(60000),
        "CANDY",
        "draft",
    )
    assert [(q.parameter, q.min, q.max, q.preferred) for q in view.quality] == [
        ("staple_length", Decimal(28), Decimal(30), "29"),
        ("micronaire", Decimal("3.8"), Decimal("4.6"), None),
    ]
    [point] = view.delivery_points
    assert (point.place.location_id, point.place.state_code, point.max_distance_km) == (
        world.buyer.locations[0].id,
        "24",
        Decimal(300),
    )


async def test_a_requirement_names_every_problem(world: World) -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        await draft_requirement(
            world,
            min_quantity=Decimal(200),
            variety="Bt-999",
            quality=(QualityRange("staple_length", Decimal(31), Decimal(29)), QualityRange("colour")),
        )
    assert fields_of(raised.value) == [
        "preferred_quantity",
        "quality.staple_length.max",
        "quality.colour",
        "variety",
    ]


async def test_a_requirement_delivers_to_the_buyers_receiving_locations_only(world: World) -> None:
    point = DeliveryPoint(named(world.seller.locations[0].id), Decimal(100))
    with pytest.raises(InvalidTradingInput) as raised:
        await draft_requirement(world, delivery_points=(point,))
    assert fields_of(raised.value) == ["delivery_points.0.location_id"]


async def test_a_buyer_without_the_capability_gets_a_403(world: World) -> None:
    world.partners.set_capabilities(world.buyer.id, frozenset({"domestic_sell"}), status="suspended")
    with pytest.raises(MissingCapability, match=r"BP-IN-0002 \(suspended\) lacks the capability domestic_buy"):
        await draft_requirement(world)


async def test_a_requirement_for_an_unknown_commodity_is_a_422(world: World) -> None:
    command = CreateRequirement(uuid.uuid4(), requirement_terms(world.buyer), world.buyer.id)
    with pytest.raises(InvalidTradingInput) as raised:
        await create_requirement(command, staff(), world.ctx)
    assert fields_of(raised.value) == ["commodity_id"]


async def test_an_identical_requirement_on_the_same_day_is_a_409(world: World) -> None:
    await live_requirement(world)
    with pytest.raises(DuplicatePosting):
        await draft_requirement(world)
    coimbatore = place(COIMBATORE, can_ship_from=False)
    other = world.partners.add(TENANT, "BP-IN-0011", coimbatore)
    await draft_requirement(world, other)  # another buyer's identical terms are its own posting
