from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest

from backend.core.errors import ValidationFailed
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.enums import MatchStatus, NegotiationStatus, OfferStatus, Side
from backend.modules.trading.domain.errors import (
    CannotAcceptOwnOffer,
    InvalidTradingInput,
    MatchNotOpen,
    NegotiationClosed,
    NoOfferToAnswer,
    NotAParty,
    OfferOutOfTurn,
)
from backend.modules.trading.domain.match import Match
from backend.modules.trading.domain.matching import MatchResult
from backend.modules.trading.domain.negotiation import Negotiation, NegotiationLimits, Offer, OfferTerms
from backend.modules.trading.domain.scoring import MatchScore
from tests.unit.trading.builders import BUYER, NOW, OFFER_TERMS, PRICE, SELLER, match, negotiation

D = Decimal
STRANGER = uuid.UUID(int=77)
HOUR = timedelta(hours=1)


def offer(
    talk: Negotiation, by: uuid.UUID, price: str = "60000", quantity: str = "17000", at: timedelta = HOUR
) -> Offer:
    return talk.make_offer(by_partner_id=by, price=D(price), quantity=D(quantity), terms=OFFER_TERMS, now=NOW + at)


def test_a_match_records_its_scores_and_needs_a_token() -> None:
    found = match()
    assert found.status is MatchStatus.OPEN
    assert found.side_of(BUYER) is Side.BUYER
    assert found.side_of(SELLER) is Side.SELLER
    with pytest.raises(NotAParty):
        found.side_of(STRANGER)
    with pytest.raises(InvalidTradingInput):
        Match.found(tenant_id=found.tenant_id, buyer_partner_id=BUYER, result=_result(), token=" ")
    fresh = Match.found(tenant_id=found.tenant_id, buyer_partner_id=BUYER, result=_result(), token="tok")
    event = fresh.pull_events()[0]
    assert isinstance(event, ev.MatchFound)
    assert (event.score, event.delivery_score) == (D("0.9"), D("0.8"))


def _result() -> MatchResult:
    score = MatchScore(D("0.9"), D("1"), D("1"), D("0.8"), D("1"), ())
    return MatchResult(uuid.UUID(int=1), uuid.UUID(int=2), SELLER, score, D("1"), uuid.UUID(int=3), NOW)


def test_either_party_starts_the_one_negotiation_of_a_match() -> None:
    found = match()
    talk = Negotiation.start(match=found, by_partner_id=SELLER, price_basis=PRICE, unit="KG", now=NOW)
    assert talk.started_by is Side.SELLER
    assert found.status is MatchStatus.NEGOTIATING
    started = talk.pull_events()[0]
    assert isinstance(started, ev.NegotiationStarted)
    assert (started.buyer_partner_id, started.seller_partner_id) == (BUYER, SELLER)
    with pytest.raises(MatchNotOpen):
        Negotiation.start(match=found, by_partner_id=BUYER, price_basis=PRICE, unit="KG", now=NOW)
    with pytest.raises(NotAParty) as raised:
        Negotiation.start(match=match(), by_partner_id=STRANGER, price_basis=PRICE, unit="KG", now=NOW)
    assert isinstance(raised.value, ValidationFailed)  # a 422, like a partner user naming another partner
    assert [e.field for e in raised.value.errors] == ["acting_for_partner_id"]


def test_rescoring_and_closing_a_match() -> None:
    found = match()
    found.rescore(_result())
    assert found.distance_km == D("1")
    assert found.close()
    assert not found.close()
    with pytest.raises(MatchNotOpen):
        found.begin_negotiation()


def test_offers_alternate() -> None:
    talk = negotiation()
    first = offer(talk, BUYER, "58000")
    with pytest.raises(OfferOutOfTurn) as raised:
        offer(talk, BUYER, "58500")
    assert raised.value.extra == {"side": "buyer"}
    second = offer(talk, SELLER, "60000")
    assert first.status is OfferStatus.COUNTERED
    assert second.status is OfferStatus.PENDING
    with pytest.raises(OfferOutOfTurn):
        offer(talk, SELLER, "59500")
    offer(talk, BUYER, "59000")
    assert [o.side for o in talk.offers] == [Side.BUYER, Side.SELLER, Side.BUYER]


def test_the_first_offer_may_come_from_either_side() -> None:
    talk = negotiation()  # started by the buyer
    offer(talk, SELLER)
    assert talk.latest_offer is not None
    assert talk.latest_offer.side is Side.SELLER


def test_offer_event_carries_price_quantity_and_expiry() -> None:
    talk = negotiation()
    made = offer(talk, BUYER, "59000.50", "1700")
    event = talk.pull_events()[-1]
    assert isinstance(event, ev.OfferMade)
    assert (event.price, event.quantity, event.currency, event.price_unit, event.unit) == (
        D("59000.5"),
        D("1700"),
        "INR",
        "CANDY",
        "KG",
    )
    assert event.expires_at == NOW + HOUR + timedelta(hours=48)
    assert event.offer_id == made.id


def test_offers_are_validated_against_the_limits() -> None:
    fixed = negotiation(
        limits=NegotiationLimits(fixed_price=D("60000"), min_quantity=D("1700"), max_quantity=D("17000"))
    )
    for price, quantity, field in (
        ("59000", "1700", "price"),
        ("60000", "1699", "quantity"),
        ("60000", "17001", "quantity"),
        ("0", "1700", "price"),
        ("60000", "-1", "quantity"),
    ):
        with pytest.raises(InvalidTradingInput) as raised:
            offer(fixed, BUYER, price, quantity)
        assert [e.field for e in raised.value.errors] == [field]
    whole = negotiation(limits=NegotiationLimits(whole_quantity=D("17000")))
    with pytest.raises(InvalidTradingInput, match="sold whole"):
        offer(whole, BUYER, quantity="1700")
    with pytest.raises(InvalidTradingInput):
        negotiation().make_offer(by_partner_id=BUYER, price=D("1"), quantity=D("1"), terms=OfferTerms("", "x"), now=NOW)


def test_a_party_cannot_accept_its_own_offer() -> None:
    talk = negotiation()
    offer(talk, BUYER)
    with pytest.raises(CannotAcceptOwnOffer):
        talk.accept(by_partner_id=BUYER, now=NOW + HOUR)
    with pytest.raises(NoOfferToAnswer):
        negotiation().accept(by_partner_id=SELLER, now=NOW)


def test_accepting_returns_the_deal() -> None:
    talk = negotiation()
    offer(talk, BUYER, "58000")
    accepted = offer(talk, SELLER, "59000", "8500")
    talk.pull_events()
    deal = talk.accept(by_partner_id=BUYER, now=NOW + 2 * HOUR)
    assert talk.status is NegotiationStatus.ACCEPTED
    assert accepted.status is OfferStatus.ACCEPTED
    assert (deal.price.amount, deal.price.unit, deal.price.factor, deal.quantity, deal.unit) == (
        D("59000"),
        "CANDY",
        D("355.6222"),
        D("8500"),
        "KG",
    )
    assert (deal.buyer_partner_id, deal.seller_partner_id, deal.offer_id) == (BUYER, SELLER, accepted.id)
    assert [type(e) for e in talk.pull_events()] == [ev.OfferAccepted]
    with pytest.raises(NegotiationClosed):
        offer(talk, SELLER, at=3 * HOUR)


def test_rejecting_ends_the_negotiation() -> None:
    talk = negotiation()
    offer(talk, SELLER)
    with pytest.raises(CannotAcceptOwnOffer):
        talk.reject(by_partner_id=SELLER, reason="no", now=NOW + HOUR)
    talk.reject(by_partner_id=BUYER, reason="too dear", now=NOW + HOUR)
    assert talk.status is NegotiationStatus.REJECTED
    assert talk.offers[0].status is OfferStatus.REJECTED
    ended = talk.pull_events()[-1]
    assert isinstance(ended, ev.NegotiationEnded)
    assert (ended.status, ended.by_partner_id, ended.reason) == ("rejected", BUYER, "too dear")


def test_withdrawing_ends_it_with_the_pending_offer() -> None:
    talk = negotiation()
    offer(talk, SELLER)
    talk.withdraw(by_partner_id=SELLER, reason="sold elsewhere", now=NOW + HOUR)
    assert talk.status is NegotiationStatus.WITHDRAWN
    assert talk.offers[0].status is OfferStatus.WITHDRAWN
    with pytest.raises(NegotiationClosed):
        talk.withdraw(by_partner_id=BUYER, reason="", now=NOW)
    with pytest.raises(NotAParty):
        negotiation().withdraw(by_partner_id=STRANGER, reason="", now=NOW)


def test_it_expires_after_48_hours_without_an_offer() -> None:
    talk = negotiation()
    offer(talk, BUYER, at=HOUR)
    deadline = NOW + HOUR + timedelta(hours=48)
    assert talk.expires_at == deadline
    assert not talk.expire_if_idle(deadline - timedelta(seconds=1))
    with pytest.raises(NegotiationClosed) as raised:
        talk.accept(by_partner_id=SELLER, now=deadline)  # idle: too late even before the job ran
    assert raised.value.extra == {"current_status": "expired"}
    assert talk.expire_if_idle(deadline)
    assert talk.status is NegotiationStatus.EXPIRED
    assert talk.offers[0].status is OfferStatus.EXPIRED
    assert not talk.expire_if_idle(deadline + HOUR)
    ended = talk.pull_events()[-1]
    assert isinstance(ended, ev.NegotiationEnded)
    assert ended.by_partner_id is None


def test_every_offer_restarts_the_inactivity_clock_and_the_timeout_is_configurable() -> None:
    talk = negotiation(idle_timeout=timedelta(hours=2))
    offer(talk, BUYER, at=timedelta(hours=1, minutes=59))
    offer(talk, SELLER, at=timedelta(hours=3, minutes=58))
    assert not talk.expire_if_idle(NOW + timedelta(hours=5))
    assert talk.expire_if_idle(NOW + timedelta(hours=5, minutes=58))
    with pytest.raises(InvalidTradingInput):
        negotiation(idle_timeout=timedelta(0))


def test_a_stranger_can_do_nothing() -> None:
    talk = negotiation()
    with pytest.raises(NotAParty):
        offer(talk, STRANGER)
    offer(talk, BUYER)
    with pytest.raises(NotAParty):
        talk.accept(by_partner_id=STRANGER, now=NOW + HOUR)
