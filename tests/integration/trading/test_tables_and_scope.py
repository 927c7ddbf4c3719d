"""The trading schema on real PostgreSQL: rows round-trip, CHECK constraints hold the quantity rule,
and row-level security confines a partner user to its own partner's postings."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from backend.app.bootstrap import Container
from backend.core.principal import DataScope
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.availability_terms import AvailabilityTerms
from backend.modules.trading.domain.facts import CommodityFacts
from backend.modules.trading.domain.geo import GeoPoint, Place
from backend.modules.trading.domain.quality import ParameterKind, ParameterSpec, ValueRange
from backend.modules.trading.domain.quantities import Quantity, UnitTable
from backend.modules.trading.infrastructure.tables import availabilities

COTTON = CommodityFacts(
    id=uuid.uuid4(),
    code="COTTON",
    units=UnitTable("KG", (("BALE", Decimal(170)), ("CANDY", Decimal("355.56")))),
    quality=(ParameterSpec("staple_length", ParameterKind.RANGE, Decimal(20), Decimal(38)),),
    varieties=("Shankar-6",),
)


def lot(tenant_id: uuid.UUID, seller: uuid.UUID) -> Availability:
    today = date.today()
    terms = AvailabilityTerms(
        quantity=Quantity(Decimal(100), "BALE"),
        price=Decimal(60000),
        price_unit="CANDY",
        currency="INR",
        ship_from=Place(uuid.uuid4(), "IN", "24", "Asia/Kolkata", GeoPoint(Decimal("23.02"), Decimal("72.57"))),
        delivery_terms="ex-gin",
        available_from=today,
        available_until=today + timedelta(days=10),
        variety="Shankar-6",
        quality={"staple_length": "28-29.5"},
    )
    return Availability.create(tenant_id=tenant_id, seller_partner_id=seller, commodity=COTTON, terms=terms)


async def test_an_availability_round_trips_and_publishes_to_the_outbox(container: Container) -> None:
    tenant = uuid.uuid4()
    availability = lot(tenant, uuid.uuid4())
    availability.publish(datetime.now(UTC))
    async with container.trading_uow(DataScope(tenant)) as uow:
        await uow.availabilities.add(availability)
        await uow.commit()

    async with container.trading_uow(DataScope(tenant)) as uow:
        loaded = await uow.availabilities.get(availability.id)
        pending = (await uow.session.execute(text("SELECT wire_name FROM trading.outbox"))).scalars().all()

    assert loaded is not None
    assert (loaded.total, loaded.available, loaded.status) == (Decimal(17000), Decimal(17000), availability.status)
    assert loaded.quality == {"staple_length": ValueRange(Decimal(28), Decimal("29.5"))}
    assert "trading.availability_published.v1" in pending


async def test_quantities_that_do_not_add_up_are_refused_by_the_database(container: Container) -> None:
    tenant = uuid.uuid4()
    availability = lot(tenant, uuid.uuid4())
    async with container.trading_uow(DataScope(tenant)) as uow:
        await uow.availabilities.add(availability)
        await uow.commit()

    async with container.trading_uow(DataScope(tenant)) as uow:
        statement = update(availabilities).where(availabilities.c.id == availability.id).values(sold=Decimal(1))
        with pytest.raises(IntegrityError, match="quantities_add_up"):
            await uow.session.execute(statement)


async def test_a_partner_scope_sees_its_own_partners_availabilities_only(container: Container) -> None:
    tenant, mine, theirs = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    own, other = lot(tenant, mine), lot(tenant, theirs)
    async with container.trading_uow(DataScope(tenant)) as uow:
        await uow.availabilities.add(own)
        await uow.availabilities.add(other)
        await uow.commit()

    async with container.trading_uow(DataScope(tenant, partner_id=mine)) as uow:
        assert await uow.availabilities.get(own.id) is not None
        assert await uow.availabilities.get(other.id) is None
    async with container.trading_uow(DataScope(uuid.uuid4())) as uow:
        assert await uow.availabilities.get(own.id) is None
