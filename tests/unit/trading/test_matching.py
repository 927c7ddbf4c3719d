from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import RiskVerdict, Visibility
from backend.modules.trading.domain.filters import insider_reason
from backend.modules.trading.domain.matching import Candidate, evaluate, rank
from backend.modules.trading.domain.quantities import Quantity
from backend.modules.trading.domain.requirement import Requirement
from backend.modules.trading.domain.requirement_terms import DeliveryPoint
from backend.modules.trading.domain.scoring import DEFAULT_CONFIG
from tests.unit.trading.builders import (
    BUYER,
    NOW,
    SELLER,
    availability,
    candidate,
    party,
    place,
    requirement,
)

D = Decimal


def rules(wanted: Requirement, offered: Availability | Candidate, **config: object) -> list[str]:
    subject = offered if isinstance(offered, Candidate) else candidate(offered)
    evaluation = evaluate(wanted, party(BUYER), subject, NOW, replace(DEFAULT_CONFIG, **config))
    return [failure.rule for failure in evaluation.failures]


def test_a_good_pair_matches_with_an_explained_score() -> None:
    evaluation = evaluate(requirement(), party(BUYER), candidate(availability()), NOW)
    assert evaluation.matched
    result = evaluation.result
    assert result is not None
    assert result.distance_km == D("198.3")
    score = result.score
    assert (score.quality, score.price, score.delivery, score.risk) == (D("1"), D("1"), D("0.6695"), D("1"))
    assert score.total == D("0.9504")  # 0.40 + 0.30 + 0.15 * 0.6695 + 0.15
    assert "delivery: 198.3 km of at most 300 km" in score.reasons
    assert result.posted_at == NOW


def test_commodity_and_variety() -> None:
    other = availability()
    other.commodity_id = uuid.UUID(int=7)
    assert rules(requirement(), other) == ["commodity"]
    assert rules(requirement(), availability(variety="MCU-5")) == ["variety"]
    assert rules(requirement(), availability(variety=None)) == ["variety"]
    assert rules(requirement(variety=None), availability(variety="MCU-5")) == []


def test_both_postings_must_be_open() -> None:
    assert rules(requirement(publish=False), availability()) == ["requirement_open"]
    assert rules(requirement(), availability(publish=False)) == ["availability_open"]
    sold_out = availability()
    sold_out.sell(sold_out.total, NOW)
    assert rules(requirement(), sold_out) == ["availability_open", "quantity"]
    expiring = availability()
    later = evaluate(requirement(), party(BUYER), candidate(expiring), expiring.expires_at)
    assert [f.rule for f in later.failures] == ["availability_open"]


def test_visibility() -> None:
    listed_other = availability(visibility=Visibility.RESTRICTED, listed_buyers=frozenset({uuid.UUID(int=5)}))
    assert rules(requirement(), listed_other) == ["visibility"]
    listed_buyer = availability(visibility=Visibility.RESTRICTED, listed_buyers=frozenset({BUYER}))
    assert rules(requirement(), listed_buyer) == []
    assert rules(requirement(), availability(visibility=Visibility.INTERNAL)) == ["visibility"]
    assert rules(requirement(visibility=Visibility.INTERNAL), availability()) == ["visibility"]


def test_price_at_most_the_maximum_compared_across_units() -> None:
    assert rules(requirement(), availability(price=D("62000"))) == []
    assert rules(requirement(), availability(price=D("62000.01"))) == ["price"]
    # 62,000 INR per candy of 355.6222 kg is 17,434.2321... per quintal of 100 kg
    assert rules(requirement(), availability(price=D("17434.23"), price_unit="QTL")) == []
    assert rules(requirement(), availability(price=D("17434.24"), price_unit="QTL")) == ["price"]
    assert rules(requirement(), availability(currency="USD", price=D("700"))) == ["currency"]


def test_available_quantity_against_the_share_of_the_preferred() -> None:
    # 10% of the preferred 34,000 kg is 3,400 kg
    assert rules(requirement(), availability(quantity=Quantity(D("3400"), "KG"))) == []
    assert rules(requirement(), availability(quantity=Quantity(D("3399.99"), "KG"))) == ["quantity"]
    half = D("0.5")
    assert rules(requirement(), availability(quantity=Quantity(D("3400"), "KG")), min_share_of_preferred=half) == [
        "quantity"
    ]


def test_delivery_windows_must_overlap() -> None:
    assert rules(requirement(), availability(available_until=date(2026, 6, 19))) == ["window"]
    assert rules(requirement(), availability(available_until=date(2026, 6, 20))) == []
    assert rules(requirement(delivery_until=date(2026, 6, 16), delivery_from=date(2026, 6, 15)), availability()) == []


def test_distance_and_state() -> None:
    near = (DeliveryPoint(place("Ahmedabad"), D("198.3")),)
    assert rules(requirement(delivery_points=near), availability()) == []
    too_near = (DeliveryPoint(place("Ahmedabad"), D("198.2")),)
    assert rules(requirement(delivery_points=too_near), availability()) == ["distance"]
    from_mumbai = availability(ship_from=place("Mumbai"))
    far = (DeliveryPoint(place("Ahmedabad"), D("500")),)
    assert rules(requirement(delivery_points=far), from_mumbai) == ["inter_state"]
    assert rules(requirement(delivery_points=far, allow_inter_state=True), from_mumbai) == []
    no_point = availability(ship_from=replace(place("Rajkot"), point=None))
    assert rules(requirement(), no_point) == ["distance"]


def test_the_nearest_eligible_delivery_location_is_used() -> None:
    points = (
        DeliveryPoint(place("Pune"), D("1000")),  # other state
        DeliveryPoint(place("Ahmedabad"), D("300")),
    )
    result = evaluate(requirement(delivery_points=points), party(BUYER), candidate(availability()), NOW).result
    assert result is not None
    assert result.delivery_location_id == place("Ahmedabad").location_id
    from_mumbai = availability(ship_from=place("Mumbai"))
    both = requirement(delivery_points=points, allow_inter_state=True)
    result = evaluate(both, party(BUYER), candidate(from_mumbai), NOW).result
    assert result is not None
    assert result.distance_km == D("120.2")  # Mumbai to Pune, nearer than Ahmedabad
    assert result.delivery_location_id == place("Pune").location_id


def test_origin_country_when_given() -> None:
    assert rules(requirement(origin_country="IN"), availability()) == []
    assert rules(requirement(origin_country="US"), availability()) == ["origin"]
    assert rules(requirement(origin_country="US"), availability(country_of_origin="US")) == []


def test_both_parties_must_be_capable() -> None:
    posted = availability()
    assert rules(requirement(), candidate(posted, buyer_capable=False)) == ["capability"]
    assert rules(requirement(), candidate(posted, seller_capable=False, buyer_capable=False)) == [
        "capability",
        "capability",
    ]


def test_risk_fail_is_a_filter_and_warn_a_penalty() -> None:
    posted = availability()
    assert rules(requirement(), candidate(posted, risk=RiskVerdict.FAIL)) == ["risk"]
    warned = evaluate(requirement(), party(BUYER), candidate(posted, risk=RiskVerdict.WARN), NOW).result
    assert warned is not None
    # (0.40 + 0.30 + 0.15 * 0.6695 + 0.15 * 0.5) * 0.9 = 0.7878825
    assert warned.score.total == D("0.7879")


GROUP, MASTER = uuid.UUID(int=70), uuid.UUID(int=71)


@pytest.mark.parametrize(
    ("seller_facts", "reason"),
    [
        ({"partner_id": BUYER}, "the same partner"),
        ({"corporate_group_id": GROUP}, "the same corporate group"),
        ({"master_partner_id": BUYER}, "entities of the same master"),
        ({"pan": "AAPFU0939F"}, "share a PAN"),
        ({"gstins": frozenset({"27AAPFU0939F1ZV"})}, "share a GSTIN"),
        ({"gstins": frozenset({"24AAPFU0939F1ZX"})}, "share a PAN"),  # the PAN inside another state's GSTIN
    ],
)
def test_insider_trades_are_refused(seller_facts: dict[str, object], reason: str) -> None:
    buyer = party(BUYER, corporate_group_id=GROUP, pan="AAPFU0939F", gstins=frozenset({"27AAPFU0939F1ZV"}))
    seller = replace(party(SELLER), **seller_facts)
    found = insider_reason(buyer, seller)
    assert found is not None
    assert reason in found


def test_branches_of_one_master_are_insiders_and_strangers_are_not() -> None:
    assert insider_reason(party(BUYER, master_partner_id=MASTER), party(SELLER, master_partner_id=MASTER))
    assert insider_reason(party(BUYER, master_partner_id=SELLER), party(SELLER)) is not None
    assert insider_reason(party(BUYER, pan="AAAAA0000A"), party(SELLER, pan="BBBBB1111B")) is None
    posted = availability()
    assert rules(requirement(), candidate(posted, seller=party(SELLER, corporate_group_id=GROUP))) == []


def test_every_failure_is_listed() -> None:
    posted = availability(price=D("70000"), variety="MCU-5")
    found = rules(requirement(origin_country="US"), candidate(posted, risk=RiskVerdict.FAIL, buyer_capable=False))
    assert found == ["variety", "price", "origin", "capability", "risk"]


def poor_quality() -> Availability:
    return availability(quality={"staple_length": D("28"), "micronaire": D("5.5")}, price=D("61999"))


def test_a_score_below_the_minimum_is_no_match() -> None:
    evaluation = evaluate(requirement(), party(BUYER), candidate(poor_quality(), risk=RiskVerdict.WARN), NOW)
    assert not evaluation.matched
    assert [f.rule for f in evaluation.failures] == ["score"]
    assert "below the minimum 0.6" in evaluation.failures[0].reason


def test_the_minimum_score_is_inclusive() -> None:
    # quality (0.5 + 0) / 2 = 0.25, price 3.33% above: 0.85, delivery 0.6695, risk 1
    # 0.1 + 0.255 + 0.100425 + 0.15 = 0.605425 -> 0.6054
    assert rules(requirement(), poor_quality(), minimum_score=D("0.6054")) == []
    assert rules(requirement(), poor_quality(), minimum_score=D("0.6055")) == ["score"]


def test_rank_sorts_by_score_then_earliest_posting() -> None:
    best = availability(seller=uuid.UUID(int=21))
    early = availability(seller=uuid.UUID(int=22), price=D("61000"))
    late = availability(seller=uuid.UUID(int=23), price=D("61000"))
    early.published_at, late.published_at = NOW - timedelta(hours=2), NOW - timedelta(hours=1)
    refused = availability(seller=uuid.UUID(int=24), price=D("99999"))
    ranked = rank(
        requirement(),
        [candidate(p) for p in (late, refused, early, best)],
        DEFAULT_CONFIG,
        buyer=party(BUYER),
        now=NOW,
    )
    assert [r.availability_id for r in ranked] == [best.id, early.id, late.id]
    assert ranked[1].score.total == ranked[2].score.total


def test_rank_breaks_full_ties_by_id_and_handles_no_candidates() -> None:
    first, second = availability(seller=uuid.UUID(int=31)), availability(seller=uuid.UUID(int=32))
    ranked = rank(requirement(), [candidate(second), candidate(first)], buyer=party(BUYER), now=NOW)
    assert [r.availability_id for r in ranked] == sorted([first.id, second.id])
    assert rank(requirement(), [], buyer=party(BUYER), now=NOW) == []
