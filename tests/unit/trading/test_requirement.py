from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.enums import RequirementStatus as S
from backend.modules.trading.domain.errors import (
    DuplicatePosting,
    IllegalTransition,
    InsufficientQuantity,
    InvalidTradingInput,
)
from backend.modules.trading.domain.quality import QualityRange
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint
from tests.unit.trading.builders import BUYER, COTTON, NOW, TENANT, place, requirement, requirement_terms

D = Decimal


def create(**overrides: object) -> Requirement:
    return Requirement.create(
        tenant_id=TENANT, buyer_partner_id=BUYER, commodity=COTTON, terms=requirement_terms(**overrides), now=NOW
    )


def fields_of(**overrides: object) -> set[str]:
    with pytest.raises(InvalidTradingInput) as raised:
        create(**overrides)
    return {e.field for e in raised.value.errors}


def test_create_converts_quantities_and_expires_at_the_delivery_cut_off() -> None:
    wanted = create()
    assert (wanted.min_quantity, wanted.preferred_quantity, wanted.max_quantity) == (
        D("17000"),
        D("34000"),
        D("51000"),
    )
    assert wanted.unit == "KG"
    assert wanted.max_price.factor == D("355.6222")
    assert wanted.expires_at == datetime(2026, 7, 31, 18, 30, tzinfo=UTC)
    assert wanted.status is S.DRAFT
    assert [type(e) for e in wanted.pull_events()] == [ev.RequirementCreated]


def test_target_price_is_the_preferred_else_ninety_percent_of_the_maximum() -> None:
    assert create().target_price == D("60000")
    assert create(preferred_price=None).target_price == D("55800")


def test_quantity_and_price_rules() -> None:
    assert fields_of(min_quantity=D("250")) == {"preferred_quantity"}
    assert fields_of(max_quantity=D("150")) == {"preferred_quantity"}
    assert fields_of(min_quantity=D("0")) == {"min_quantity"}
    assert fields_of(preferred_price=D("63000")) == {"preferred_price"}
    assert fields_of(max_price=D("-5"), preferred_price=None) == {"max_price"}
    assert fields_of(currency="inr") == {"currency"}
    assert fields_of(quantity_unit="TONNE") == {"quantity_unit"}


def test_delivery_rules() -> None:
    assert fields_of(delivery_points=()) == {"delivery_points"}
    no_coordinates = DeliveryPoint(replace(place("Ahmedabad"), point=None), D("100"))
    assert fields_of(delivery_points=(no_coordinates,)) == {"delivery_points.0.point"}
    negative = DeliveryPoint(place("Ahmedabad"), D("-1"))
    assert fields_of(delivery_points=(negative,)) == {"delivery_points.0.max_distance_km"}
    bad_zone = DeliveryPoint(replace(place("Ahmedabad"), timezone="Nowhere/City"), D("1"))
    assert fields_of(delivery_points=(bad_zone,)) == {"delivery_points.0.timezone"}
    assert fields_of(delivery_from=date(2026, 8, 1)) == {"delivery_until"}
    assert fields_of(delivery_from=date(2026, 6, 1), delivery_until=date(2026, 6, 14)) == {"delivery_until"}


def test_terms_visibility_origin_quality_and_variety() -> None:
    assert fields_of(payment_terms="") == {"payment_terms"}
    assert fields_of(listed_sellers=frozenset({BUYER})) == {"listed_sellers"}
    assert fields_of(origin_country="India") == {"origin_country"}
    assert fields_of(quality=(QualityRange("colour", D("1")),)) == {"quality.colour"}
    assert fields_of(variety="Unknown") == {"variety"}


def test_publish_and_the_published_event() -> None:
    wanted = create()
    wanted.pull_events()
    wanted.publish(NOW)
    assert wanted.status is S.ACTIVE
    published = wanted.pull_events()[-1]
    assert isinstance(published, ev.RequirementPublished)
    assert (published.min_quantity, published.max_quantity, published.max_price) == (
        D("17000"),
        D("51000"),
        D("62000"),
    )
    late = create()
    with pytest.raises(InvalidTradingInput):
        late.publish(late.expires_at)


def test_duplicates() -> None:
    first, second = requirement(), requirement(publish=False)
    with pytest.raises(DuplicatePosting):
        second.ensure_not_duplicate_of([first])
    requirement(max_price=D("61000")).ensure_not_duplicate_of([second])


def test_fulfilment_moves_through_partially_fulfilled_to_fulfilled() -> None:
    wanted = requirement()
    wanted.fulfil(D("17000"))
    assert wanted.status is S.PARTIALLY_FULFILLED
    wanted.fulfil(D("16999.5"))
    assert wanted.status is S.PARTIALLY_FULFILLED
    wanted.fulfil(D("0.5"))
    assert wanted.status is S.FULFILLED  # the preferred quantity is reached
    wanted.fulfil(D("17000"))  # an in-flight deal may still take it up to the maximum
    assert wanted.fulfilled == wanted.max_quantity
    with pytest.raises(InsufficientQuantity):
        wanted.fulfil(D("0.001"))
    recorded = [e for e in wanted.pull_events() if isinstance(e, ev.RequirementFulfilmentRecorded)]
    assert [e.fulfilled for e in recorded] == [D("17000"), D("33999.5"), D("34000"), D("51000")]


def test_fulfilment_is_refused_on_drafts_cancelled_and_blocked() -> None:
    for make in (
        lambda: requirement(publish=False),
        lambda: _cancelled(),
        lambda: _blocked(),
    ):
        with pytest.raises(IllegalTransition):
            make().fulfil(D("1"))
    with pytest.raises(InvalidTradingInput):
        requirement().fulfil(D("0"))


def _cancelled() -> Requirement:
    wanted = requirement()
    wanted.cancel("bought elsewhere")
    return wanted


def _blocked() -> Requirement:
    wanted = requirement()
    wanted.block("compliance")
    return wanted


def test_expiry_and_fulfilment_after_it() -> None:
    wanted = requirement()
    assert wanted.is_open(NOW)
    assert not wanted.expire_if_due(NOW)
    assert wanted.expire_if_due(wanted.expires_at)
    assert not wanted.is_open(NOW)
    wanted.fulfil(D("1000"))  # a deal agreed in time still counts
    assert wanted.status is S.EXPIRED


def test_unblock_returns_to_where_the_fulfilment_is() -> None:
    wanted = requirement()
    wanted.block("hold")
    wanted.unblock(NOW)
    assert wanted.status is S.ACTIVE
    wanted.fulfil(D("1"))
    wanted.block("hold")
    wanted.unblock(NOW)
    assert wanted.status is S.PARTIALLY_FULFILLED
    wanted.block("hold")
    wanted.unblock(wanted.expires_at)
    assert wanted.status is S.EXPIRED
    with pytest.raises(IllegalTransition):
        wanted.unblock(NOW)


ALLOWED = {
    S.DRAFT: {S.ACTIVE, S.CANCELLED},
    S.ACTIVE: {S.PARTIALLY_FULFILLED, S.FULFILLED, S.EXPIRED, S.CANCELLED, S.BLOCKED},
    S.PARTIALLY_FULFILLED: {S.FULFILLED, S.EXPIRED, S.CANCELLED, S.BLOCKED},
    S.BLOCKED: {S.ACTIVE, S.PARTIALLY_FULFILLED, S.EXPIRED, S.CANCELLED},
    S.FULFILLED: set(),
    S.EXPIRED: set(),
    S.CANCELLED: set(),
}


@pytest.mark.parametrize("current", list(S))
@pytest.mark.parametrize("target", list(S))
def test_status_transitions_exhaustively(current: S, target: S) -> None:
    wanted = requirement(publish=False)
    wanted.status = current
    if target in ALLOWED[current]:
        wanted._move(target)
        assert wanted.status is target
    else:
        with pytest.raises(IllegalTransition) as raised:
            wanted._move(target)
        assert raised.value.extra == {"current_status": current.value, "target_status": target.value}


def test_only_a_draft_is_published() -> None:
    wanted = requirement()
    wanted.block("hold")
    with pytest.raises(IllegalTransition) as raised:
        wanted.publish(NOW)
    assert raised.value.current == "blocked"


def test_a_deactivated_commodity_cannot_be_wanted() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        Requirement.create(
            tenant_id=TENANT,
            buyer_partner_id=BUYER,
            commodity=replace(COTTON, active=False),
            terms=requirement_terms(),
            now=NOW,
        )
    assert [e.field for e in raised.value.errors] == ["commodity_id"]
