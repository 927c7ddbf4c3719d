"""Policies refuse nonsense, keys always carry the tenant (and user), values round-trip exactly."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.core.cache import CacheOwner, CachePolicy, CacheScope, JsonCodec
from backend.core.cache.keys import canonical, slot_for
from backend.modules.commodities.application.caching import COMMODITY
from backend.modules.commodities.application.views import CommodityView, QualityParameterView, UnitView, VarietyView
from backend.modules.identity.application.session_cache import SESSION_STATE, SessionState
from tests.cache.policies import ALL_PRICES, MY_PRICES, PRICES, PriceView, price

TENANT_A, TENANT_B = uuid.uuid4(), uuid.uuid4()
USER_1, USER_2 = uuid.uuid4(), uuid.uuid4()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Prices"}, "dotted lower_snake"),
        ({"ttl": timedelta(0)}, "ttl must be positive"),
        ({"stale_while_revalidate": timedelta(seconds=-1)}, "cannot be negative"),
        ({"max_entries": 0}, "max_entries"),
        ({"invalidated_by": ("commodity_updated",)}, "not an event wire name"),
    ],
)
def test_a_policy_refuses_nonsense(changes: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"name": "test.prices", "codec": JsonCodec(PriceView), "ttl": timedelta(seconds=1)}
    with pytest.raises(ValueError, match=message):
        CachePolicy(**{**arguments, **changes})  # type: ignore[arg-type]


def test_tenant_keys_differ_by_tenant_only() -> None:
    a = slot_for(PRICES, CacheOwner(TENANT_A, USER_1), ("COTTON",))
    a_other_user = slot_for(PRICES, CacheOwner(TENANT_A, USER_2), ("COTTON",))
    b = slot_for(PRICES, CacheOwner(TENANT_B, USER_1), ("COTTON",))
    platform = slot_for(PRICES, CacheOwner(None, USER_1), ("COTTON",))
    assert a == a_other_user
    assert len({a.key, b.key, platform.key}) == 3
    assert a.key.startswith(f"{TENANT_A}:")
    assert platform.tenant == "-"


def test_user_keys_carry_tenant_and_user() -> None:
    one = slot_for(MY_PRICES, CacheOwner(TENANT_A, USER_1), "x")
    two = slot_for(MY_PRICES, CacheOwner(TENANT_A, USER_2), "x")
    assert one.key.startswith(f"{TENANT_A}:{USER_1}:")
    assert one != two
    with pytest.raises(ValueError, match="needs a user_id"):
        slot_for(MY_PRICES, CacheOwner(TENANT_A), "x")


def test_global_keys_ignore_the_owner() -> None:
    assert slot_for(ALL_PRICES, CacheOwner(TENANT_A, USER_1), "x") == slot_for(ALL_PRICES, CacheOwner(), "x")


@dataclass(frozen=True)
class Query:
    code: str
    limit: int


def test_key_parts_are_typed_and_unambiguous() -> None:
    assert canonical(1) != canonical("1") != canonical(True)
    assert canonical(("a,b",)) != canonical(("a", "b"))
    assert canonical(Query("C", 1)) == canonical(Query("C", 1)) != canonical(Query("C", 2))
    assert canonical(CacheScope.USER) != canonical("user")
    assert canonical(Decimal("1.0")) != canonical(Decimal("1.00"))  # different texts: never the same answer
    with pytest.raises(TypeError, match="cannot use a object"):
        canonical(object())


decimals = st.decimals(allow_nan=False, allow_infinity=False, places=None)


@given(amount=decimals)
def test_decimals_round_trip_exactly(amount: Decimal) -> None:
    codec = JsonCodec(PriceView)
    value = PriceView("COTTON", amount, datetime(2026, 1, 1, tzinfo=UTC))
    back = codec.decode(codec.encode(value))
    assert back == value
    assert str(back.price) == str(amount)  # same digits and exponent, not just equal


def test_a_commodity_view_round_trips() -> None:
    view = CommodityView(
        id=uuid.uuid4(),
        tenant_id=None,
        code="COTTON",
        name="Raw cotton",
        category="fibre",
        hsn_code="5201",
        gst_rate=Decimal("5.00"),
        base_unit="KG",
        units=(UnitView("CANDY", Decimal("355.56")), UnitView("BALE", Decimal("170"))),
        quality_parameters=(
            QualityParameterView("micronaire", None, "range", Decimal("2.8"), Decimal("5.5"), (), True),
            QualityParameterView("colour", None, "enum", None, None, ("white", "spotted"), False),
        ),
        varieties=(VarietyView("Shankar-6", None),),
        active=True,
        version=3,
        created_at=datetime(2026, 11, 1, 8, tzinfo=UTC),
        updated_at=datetime(2026, 11, 2, 9, 15, 30, 123456, tzinfo=UTC),
    )
    assert COMMODITY.codec.decode(COMMODITY.codec.encode(view)) == view


def test_absent_session_state_round_trips() -> None:
    state = SessionState("active", 4, None, datetime(2026, 12, 1, tzinfo=UTC), None)
    assert SESSION_STATE.codec.decode(SESSION_STATE.codec.encode(state)) == state
    assert SESSION_STATE.codec.decode(SESSION_STATE.codec.encode(None)) is None


def test_decoding_builds_only_the_declared_type() -> None:
    with pytest.raises(ValueError, match="validation error"):
        PRICES.codec.decode(b'{"__class__": "os.system", "args": ["true"]}')
    assert PRICES.codec.decode(PRICES.codec.encode(price())) == price()
