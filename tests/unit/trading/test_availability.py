from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from backend.core.errors import Conflict
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import AvailabilityStatus as S
from backend.modules.trading.domain.enums import Visibility
from backend.modules.trading.domain.errors import (
    DuplicatePosting,
    IllegalTransition,
    InsufficientQuantity,
    InvalidTradingInput,
    PostingHasReservations,
)
from backend.modules.trading.domain.quality import InvalidQuality
from backend.modules.trading.domain.quantities import Quantity
from tests.unit.trading.builders import COTTON, NOW, SELLER, TENANT, availability, availability_terms, place

D = Decimal


def create(**overrides: object) -> Availability:
    return Availability.create(
        tenant_id=TENANT, seller_partner_id=SELLER, commodity=COTTON, terms=availability_terms(**overrides), now=NOW
    )


def test_create_converts_to_the_base_unit_and_starts_as_a_draft() -> None:
    posted = create(minimum_order=Quantity(D("10"), "BALE"), variety="shankar-6")
    assert (posted.total, posted.available, posted.reserved, posted.sold) == (D("17000"), D("17000"), 0, 0)
    assert posted.unit == "KG"
    assert posted.minimum_order == D("1700")
    assert posted.price.unit == "CANDY"
    assert posted.price.factor == D("355.6222")
    assert posted.variety == "Shankar-6"  # spelt as the commodity spells it
    assert posted.status is S.DRAFT
    assert posted.country_of_origin == "IN"
    assert posted.entered_quantity == Quantity(D("100"), "BALE")
    assert [type(e) for e in posted.pull_events()] == [ev.AvailabilityCreated]


def test_expiry_is_the_cut_off_in_the_ship_from_time_zone() -> None:
    assert create().expires_at == NOW.replace(month=6, day=30, hour=18, minute=30)
    assert create(cut_off=time(12, 0)).expires_at == NOW.replace(day=30, hour=6, minute=30)


def test_every_input_problem_is_named_at_once() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        create(
            quantity=Quantity(D("0"), "BALE"),
            price=D("-1"),
            currency="XXX",
            delivery_terms=" ",
            available_from=date(2026, 7, 1),
            variety="Bunny",
            price_unit="TONNE",
            visibility=Visibility.RESTRICTED,
        )
    fields = {e.field for e in raised.value.errors}
    assert fields == {
        "quantity",
        "price",
        "currency",
        "delivery_terms",
        "available_until",
        "variety",
        "price_unit",
        "listed_buyers",
    }


def test_quality_problems_alone_keep_their_violations() -> None:
    with pytest.raises(InvalidQuality) as raised:
        create(quality={"staple_length": D("29")})
    assert raised.value.violations[0].parameter == "micronaire"


def test_quality_problems_with_others_are_listed_together() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        create(quality={"staple_length": D("29")}, price=D("0"))
    assert {e.field for e in raised.value.errors} == {"price", "quality.micronaire"}


def test_minimum_order_above_the_quantity_is_refused() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        create(minimum_order=Quantity(D("101"), "BALE"))
    assert [e.field for e in raised.value.errors] == ["minimum_order"]


def test_a_window_already_over_is_refused() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        create(available_from=date(2026, 6, 1), available_until=date(2026, 6, 14))
    assert [e.field for e in raised.value.errors] == ["available_until"]


def test_a_deactivated_commodity_cannot_be_posted() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        Availability.create(
            tenant_id=TENANT,
            seller_partner_id=SELLER,
            commodity=replace(COTTON, active=False),
            terms=availability_terms(),
            now=NOW,
        )
    assert [e.field for e in raised.value.errors] == ["commodity_id"]


def test_an_unknown_time_zone_is_named() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        create(ship_from=replace(place(), timezone="Mars/Olympus"))
    assert [e.field for e in raised.value.errors] == ["ship_from.timezone"]


def test_publish_records_the_published_event() -> None:
    posted = create()
    posted.pull_events()
    posted.publish(NOW)
    assert posted.status is S.ACTIVE
    assert posted.published_at == NOW
    events = posted.pull_events()
    assert [type(e) for e in events] == [ev.AvailabilityStatusChanged, ev.AvailabilityPublished]
    published = events[1]
    assert isinstance(published, ev.AvailabilityPublished)
    assert (published.quantity, published.unit, published.price, published.price_unit) == (
        D("17000"),
        "KG",
        D("60000"),
        "CANDY",
    )


def test_a_draft_past_its_cut_off_cannot_be_published() -> None:
    posted = create()
    with pytest.raises(InvalidTradingInput):
        posted.publish(posted.expires_at)
    with pytest.raises(IllegalTransition):
        availability().publish(NOW)  # already active


def test_identical_posting_on_the_same_day_is_a_conflict() -> None:
    first, second = availability(), availability(publish=False)
    assert first.fingerprint == second.fingerprint
    with pytest.raises(DuplicatePosting) as raised:
        second.ensure_not_duplicate_of([first])
    assert raised.value.extra == {"existing_id": str(first.id)}
    first.cancel("changed my mind")
    second.ensure_not_duplicate_of([first])  # a cancelled one does not count
    availability(price=D("60001")).ensure_not_duplicate_of([second])
    second.ensure_not_duplicate_of([second])


def test_fingerprint_uses_the_local_calendar_day() -> None:
    posted = create()
    late_evening_utc = NOW.replace(hour=19)  # already the next day in India
    assert posted.fingerprint_on(late_evening_utc) != posted.fingerprint_on(NOW)
    assert posted.fingerprint_on(NOW.replace(hour=18, minute=29)) == posted.fingerprint_on(NOW)


def test_reserve_release_and_sell_keep_the_sum() -> None:
    posted = availability()
    posted.reserve(D("5000"), NOW)
    posted.sell(D("2000"), NOW)
    posted.release(D("1000"))
    posted.sell_reserved(D("4000"))
    assert (posted.available, posted.reserved, posted.sold) == (D("11000"), D("0"), D("6000"))
    changes = [e.change for e in posted.pull_events() if isinstance(e, ev.AvailabilityQuantityChanged)]
    assert changes == ["reserved", "sold", "released", "sold_from_reserve"]


def test_selling_everything_marks_it_sold_and_reserving_the_rest_reserved() -> None:
    posted = availability()
    posted.reserve(D("7000"), NOW)
    posted.sell(D("10000"), NOW)
    assert posted.status is S.RESERVED
    posted.release(D("2000"))
    assert posted.status is S.ACTIVE
    posted.reserve(D("2000"), NOW)
    posted.sell_reserved(D("7000"))
    assert posted.status is S.SOLD
    assert posted.sold == posted.total


def test_the_loser_of_the_race_for_the_last_bales_gets_a_409() -> None:
    posted = availability()
    posted.sell(D("16000"), NOW)
    posted.sell(D("1000"), NOW)  # the winner takes the last bales
    with pytest.raises(InsufficientQuantity) as raised:
        posted.sell(D("1000"), NOW)
    assert isinstance(raised.value, Conflict)
    assert raised.value.extra == {"requested": "1000", "left": "0", "unit": "KG"}


def test_asking_for_more_than_is_available_is_a_409() -> None:
    with pytest.raises(InsufficientQuantity):
        availability().sell(D("17000.001"), NOW)
    with pytest.raises(InsufficientQuantity):
        availability().release(D("1"))
    with pytest.raises(InsufficientQuantity):
        availability().sell_reserved(D("1"))


def test_order_rules_partial_orders_and_minimum() -> None:
    whole = availability(partial_orders_allowed=False)
    with pytest.raises(InvalidTradingInput, match="sold whole"):
        whole.sell(D("100"), NOW)
    whole.sell(D("17000"), NOW)
    minimum = availability(minimum_order=Quantity(D("10"), "BALE"))
    with pytest.raises(InvalidTradingInput, match="minimum order"):
        minimum.reserve(D("1699"), NOW)
    minimum.sell(D("16000"), NOW)
    minimum.sell(D("1000"), NOW)  # the remnant below the minimum may still go
    for bad in (D("0"), D("-1"), D("NaN")):
        with pytest.raises(InvalidTradingInput):
            availability().sell(bad, NOW)


def test_no_sale_outside_active_or_after_the_cut_off() -> None:
    draft = availability(publish=False)
    with pytest.raises(IllegalTransition):
        draft.sell(D("1"), NOW)
    posted = availability()
    with pytest.raises(IllegalTransition) as raised:
        posted.reserve(D("1"), posted.expires_at)
    assert raised.value.current == "expired"


def test_expiry_keeps_reservations_sellable() -> None:
    posted = availability()
    posted.reserve(D("1000"), NOW)
    assert not posted.expire_if_due(posted.expires_at - timedelta(seconds=1))
    assert posted.expire_if_due(posted.expires_at)
    assert posted.status is S.EXPIRED
    assert not posted.expire_if_due(posted.expires_at)  # once
    posted.sell_reserved(D("600"))
    posted.release(D("400"))
    assert posted.status is S.EXPIRED
    assert (posted.available, posted.reserved, posted.sold) == (D("16400"), 0, D("600"))
    assert not posted.is_open(NOW)


def test_cancel_is_refused_while_quantity_is_reserved() -> None:
    posted = availability()
    posted.reserve(D("1000"), NOW)
    with pytest.raises(PostingHasReservations):
        posted.cancel("no longer selling")
    posted.release(D("1000"))
    posted.cancel("no longer selling")
    assert posted.status is S.CANCELLED
    assert posted.status_reason == "no longer selling"


def test_block_and_unblock() -> None:
    posted = availability()
    posted.reserve(D("17000"), NOW)
    posted.block("compliance hold")
    with pytest.raises(IllegalTransition):
        posted.sell_reserved(D("1"))
    posted.unblock(NOW)
    assert posted.status is S.RESERVED
    posted.release(D("17000"))
    posted.block("again")
    posted.unblock(NOW)
    assert posted.status is S.ACTIVE
    posted.block("and again")
    posted.unblock(posted.expires_at)
    assert posted.status is S.EXPIRED
    with pytest.raises(IllegalTransition):
        posted.unblock(NOW)


def test_is_open() -> None:
    posted = availability()
    assert posted.is_open(NOW)
    assert not posted.is_open(posted.expires_at)
    posted.sell(D("17000"), NOW)
    assert not posted.is_open(NOW)


ALL = list(S)
ALLOWED = {
    S.DRAFT: {S.ACTIVE, S.CANCELLED},
    S.ACTIVE: {S.RESERVED, S.SOLD, S.EXPIRED, S.CANCELLED, S.BLOCKED},
    S.RESERVED: {S.ACTIVE, S.SOLD, S.EXPIRED, S.BLOCKED},
    S.BLOCKED: {S.ACTIVE, S.RESERVED, S.EXPIRED, S.CANCELLED},
    S.SOLD: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}


@pytest.mark.parametrize("current", ALL)
@pytest.mark.parametrize("target", ALL)
def test_status_transitions_exhaustively(current: S, target: S) -> None:
    posted = availability(publish=False)
    posted.status = current
    if target in ALLOWED[current]:
        posted._move(target)
        assert posted.status is target
    else:
        with pytest.raises(IllegalTransition) as raised:
            posted._move(target)
        assert raised.value.extra == {"current_status": current.value, "target_status": target.value}
        assert raised.value.code == "illegal-availability-transition"
        assert posted.status is current


def test_version_steps_once_per_unit_of_work() -> None:
    posted = availability()
    posted.persisted_version = posted.version
    posted.reserve(D("1"), NOW)
    posted.reserve(D("1"), NOW)
    assert posted.version == posted.persisted_version + 1


def test_only_a_draft_is_published() -> None:
    posted = availability()
    posted.reserve(posted.total, NOW)
    with pytest.raises(IllegalTransition) as raised:
        posted.publish(NOW)  # reserved -> active is the table's, but not by publishing
    assert raised.value.current == "reserved"
    blocked = availability()
    blocked.block("hold")
    with pytest.raises(IllegalTransition):
        blocked.publish(NOW)
