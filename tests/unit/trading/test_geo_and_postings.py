from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from backend.modules.trading.domain.enums import Visibility
from backend.modules.trading.domain.errors import InvalidTradingInput
from backend.modules.trading.domain.geo import GeoPoint, distance_km
from backend.modules.trading.domain.postings import (
    expiry_instant,
    fingerprint,
    local_day,
    visibility_errors,
    visible_to,
)

D = Decimal
MUMBAI = GeoPoint(D("19.0760"), D("72.8777"))
AHMEDABAD = GeoPoint(D("23.0225"), D("72.5714"))


def test_mumbai_to_ahmedabad_is_about_440_km() -> None:
    km = distance_km(MUMBAI, AHMEDABAD)
    assert km == D("440.0")
    assert km.as_tuple().exponent == -1


def test_known_distances() -> None:
    london, new_york = GeoPoint(D("51.5007"), D("-0.1246")), GeoPoint(D("40.6892"), D("-74.0445"))
    assert abs(distance_km(london, new_york) - D("5575")) < 5
    assert distance_km(MUMBAI, MUMBAI) == 0
    assert distance_km(AHMEDABAD, MUMBAI) == distance_km(MUMBAI, AHMEDABAD)
    # half the equator, and a pole to the other: the same half circumference
    assert distance_km(GeoPoint(D(0), D(0)), GeoPoint(D(0), D(180))) == D("20015.1")
    assert distance_km(GeoPoint(D(90), D(0)), GeoPoint(D(-90), D(0))) == D("20015.1")


def test_coordinates_are_validated() -> None:
    assert GeoPoint(D("91"), D("181")).errors("p") != []
    assert [e.field for e in GeoPoint(D("91"), D("181")).errors("p")] == ["p.latitude", "p.longitude"]
    assert GeoPoint(D("-90"), D("180")).errors("p") == []


def test_expiry_is_the_end_of_the_local_day_by_default() -> None:
    # midnight after 30 June in India is 18:30 UTC on 30 June
    assert expiry_instant(date(2026, 6, 30), "Asia/Kolkata") == datetime(2026, 6, 30, 18, 30, tzinfo=UTC)


def test_expiry_at_a_cut_off_time() -> None:
    assert expiry_instant(date(2026, 6, 30), "Asia/Kolkata", time(17, 0)) == datetime(2026, 6, 30, 11, 30, tzinfo=UTC)


def test_expiry_follows_daylight_saving_time() -> None:
    winter = expiry_instant(date(2026, 1, 15), "America/New_York", time(17, 0))
    summer = expiry_instant(date(2026, 7, 15), "America/New_York", time(17, 0))
    assert winter.hour == 22
    assert summer.hour == 21
    assert winter.tzinfo is UTC


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        expiry_instant(date(2026, 6, 30), "Asia/Atlantis")
    assert raised.value.errors[0].field == "timezone"
    with pytest.raises(InvalidTradingInput):
        expiry_instant(date(2026, 6, 30), "../etc/passwd")


def test_local_day() -> None:
    late = datetime(2026, 6, 15, 19, 0, tzinfo=UTC)
    assert local_day(late, "Asia/Kolkata") == date(2026, 6, 16)
    assert local_day(late, "UTC") == date(2026, 6, 15)


def key(**overrides: object) -> str:
    base: dict[str, object] = {
        "kind": "availability",
        "partner_id": uuid.UUID(int=1),
        "commodity_id": uuid.UUID(int=2),
        "variety": "Shankar-6",
        "quantity": D("17000"),
        "price": D("60000"),
        "currency": "INR",
        "price_unit": "CANDY",
        "location_ids": [uuid.UUID(int=3)],
        "day": date(2026, 6, 15),
    }
    return fingerprint(**{**base, **overrides})  # type: ignore[arg-type]


def test_identical_postings_share_a_fingerprint_whatever_the_scale_or_case() -> None:
    assert key() == key(quantity=D("17000.000"), price=D("6E+4"), variety=" shankar-6 ")
    assert len(key()) == 64


@pytest.mark.parametrize(
    "change",
    [
        {"partner_id": uuid.UUID(int=9)},
        {"commodity_id": uuid.UUID(int=9)},
        {"variety": None},
        {"quantity": D("17001")},
        {"price": D("60001")},
        {"location_ids": [uuid.UUID(int=9)]},
        {"day": date(2026, 6, 16)},
        {"kind": "requirement"},
    ],
)
def test_any_difference_changes_the_fingerprint(change: dict[str, object]) -> None:
    assert key(**change) != key()


def test_visibility() -> None:
    listed = frozenset({uuid.UUID(int=5)})
    assert visible_to(Visibility.PUBLIC, frozenset(), uuid.UUID(int=6))
    assert visible_to(Visibility.RESTRICTED, listed, uuid.UUID(int=5))
    assert not visible_to(Visibility.RESTRICTED, listed, uuid.UUID(int=6))
    assert not visible_to(Visibility.INTERNAL, frozenset(), uuid.UUID(int=5))
    assert visibility_errors(Visibility.RESTRICTED, frozenset(), "listed") != []
    assert visibility_errors(Visibility.PUBLIC, listed, "listed") != []
    assert visibility_errors(Visibility.RESTRICTED, listed, "listed") == []
