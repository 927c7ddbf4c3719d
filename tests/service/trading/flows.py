"""Terms as a seller or buyer enters them, and short paths through the use cases."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from backend.contracts.partners.queries import PartnerRef
from backend.core.principal import Principal
from backend.modules.trading.application.commands.create_availability import CreateAvailability, create_availability
from backend.modules.trading.application.commands.create_requirement import CreateRequirement, create_requirement
from backend.modules.trading.application.commands.match_requirement import MatchRequirement, match_requirement
from backend.modules.trading.application.commands.publish_availability import (
    PublishAvailability,
    publish_availability,
)
from backend.modules.trading.application.commands.publish_requirement import PublishRequirement, publish_requirement
from backend.modules.trading.application.queries.list_matches import MatchesView
from backend.modules.trading.application.views import AvailabilityView, RequirementView
from backend.modules.trading.domain.availability_terms import AvailabilityTerms
from backend.modules.trading.domain.geo import Place
from backend.modules.trading.domain.quality import QualityRange
from backend.modules.trading.domain.quantities import Quantity
from backend.modules.trading.domain.requirement_terms import DeliveryPoint, RequirementTerms
from tests.service.trading.world import World, staff

FIRST_DAY = date(2026, 6, 15)
LAST_DAY = date(2026, 6, 30)


def named(location_id: uuid.UUID) -> Place:
    """A place naming the location only: the use case fills in the rest from the partners facade."""
    return Place(location_id, "XX", None, "UTC")


def availability_terms(partner: PartnerRef, **overrides: Any) -> AvailabilityTerms:
    values: dict[str, Any] = {
        "quantity": Quantity(Decimal(100), "BALE"),
        "price": Decimal(60000),
        "price_unit": "CANDY",
        "currency": "INR",
        "ship_from": named(partner.locations[0].id),
        "delivery_terms": "ex-gin Rajkot",
        "available_from": FIRST_DAY,
        "available_until": LAST_DAY,
        "variety": "Shankar-6",
        "quality": {"staple_length": "28.5-29.5", "micronaire": "4.2", "strength": "29"},
    }
    return AvailabilityTerms(**{**values, **overrides})


def requirement_terms(partner: PartnerRef, **overrides: Any) -> RequirementTerms:
    values: dict[str, Any] = {
        "quantity_unit": "BALE",
        "min_quantity": Decimal(50),
        "preferred_quantity": Decimal(100),
        "max_quantity": Decimal(150),
        "max_price": Decimal(62000),
        "preferred_price": Decimal(60000),
        "price_unit": "CANDY",
        "currency": "INR",
        "delivery_points": (DeliveryPoint(named(partner.locations[0].id), Decimal(300)),),
        "delivery_from": FIRST_DAY,
        "delivery_until": LAST_DAY,
        "payment_terms": "100% against delivery",
        "delivery_terms": "delivered Ahmedabad",
        "variety": "Shankar-6",
        "quality": (
            QualityRange("staple_length", Decimal(28), Decimal(30), Decimal(29)),
            QualityRange("micronaire", Decimal("3.8"), Decimal("4.6")),
        ),
    }
    return RequirementTerms(**{**values, **overrides})


async def draft_availability(
    world: World, seller: PartnerRef | None = None, actor: Principal | None = None, **overrides: Any
) -> AvailabilityView:
    seller = seller or world.seller
    command = CreateAvailability(world.cotton.id, availability_terms(seller, **overrides), seller.id)
    return await create_availability(command, actor or staff(), world.ctx)


async def live_availability(world: World, seller: PartnerRef | None = None, **overrides: Any) -> AvailabilityView:
    draft = await draft_availability(world, seller, **overrides)
    return await publish_availability(PublishAvailability(draft.id), staff(), world.ctx)


async def draft_requirement(
    world: World, buyer: PartnerRef | None = None, actor: Principal | None = None, **overrides: Any
) -> RequirementView:
    buyer = buyer or world.buyer
    command = CreateRequirement(world.cotton.id, requirement_terms(buyer, **overrides), buyer.id)
    return await create_requirement(command, actor or staff(), world.ctx)


async def live_requirement(world: World, buyer: PartnerRef | None = None, **overrides: Any) -> RequirementView:
    draft = await draft_requirement(world, buyer, **overrides)
    return await publish_requirement(PublishRequirement(draft.id), staff(), world.ctx)


async def matched(world: World, requirement: RequirementView, actor: Principal | None = None) -> MatchesView:
    return await match_requirement(MatchRequirement(requirement.id), actor or staff(), world.ctx)
