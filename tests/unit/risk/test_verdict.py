"""The overall verdict the matcher consumes: the worst of credit, circular trading and party links."""

from __future__ import annotations

import uuid
from decimal import Decimal

from backend.modules.risk.domain.circular import OpenActivity, check_circular
from backend.modules.risk.domain.enums import ActivityKind, Outcome, Side
from backend.modules.risk.domain.exposure import UtilizationBands, assess
from backend.modules.risk.domain.party_links import PartyFacts, check_party_links
from backend.modules.risk.domain.verdict import CREDIT_EXCEEDED, CREDIT_RED_BAND, combine

COTTON = uuid.UUID(int=7)
BUYER, SELLER = uuid.UUID(int=1), uuid.UUID(int=2)
LIMIT = Decimal(10000)


def test_nothing_wrong_passes() -> None:
    verdict = combine(
        credit=assess(LIMIT, Decimal(0), Decimal(4999)),
        circular=[check_circular([], COTTON, Side.BUY)],
        party_links=check_party_links(PartyFacts(BUYER), PartyFacts(SELLER)),
    )
    assert verdict.outcome is Outcome.PASS
    assert verdict.reasons == ()
    assert combine().outcome is Outcome.PASS


def test_credit_over_the_limit_fails_with_the_figures() -> None:
    verdict = combine(credit=assess(LIMIT, Decimal(6000), Decimal("4000.01")))
    assert verdict.outcome is Outcome.FAIL
    assert verdict.codes == (CREDIT_EXCEEDED,)
    [reason] = verdict.reasons
    assert reason.message == "the trade would exceed the credit limit"
    assert reason.evidence == ("exposure 6000 + amount 4000.01 INR exceeds the credit limit of 10000 INR",)


def test_credit_ending_in_the_red_band_warns() -> None:
    assert combine(credit=assess(LIMIT, Decimal(6000), Decimal(2999))).outcome is Outcome.PASS  # 89.99%
    verdict = combine(credit=assess(LIMIT, Decimal(6000), Decimal(3000)))  # 90%
    assert verdict.outcome is Outcome.WARN
    assert verdict.requires_internal_approval
    assert verdict.codes == (CREDIT_RED_BAND,)
    lenient = UtilizationBands(yellow_from=Decimal(80), red_from=Decimal(95))
    assert combine(credit=assess(LIMIT, Decimal(6000), Decimal(3000)), bands=lenient).outcome is Outcome.PASS


def test_a_warning_link_warns_and_the_worst_outcome_wins_with_every_reason() -> None:
    mobile = frozenset({"+919876543210"})
    links = check_party_links(PartyFacts(BUYER, mobiles=mobile), PartyFacts(SELLER, mobiles=mobile))
    assert combine(party_links=links).outcome is Outcome.WARN

    circular = check_circular([OpenActivity(COTTON, Side.SELL, ActivityKind.TRADE, "TR-2026-000001")], COTTON, Side.BUY)
    verdict = combine(credit=assess(LIMIT, Decimal(0), Decimal(100)), circular=[circular], party_links=links)
    assert verdict.outcome is Outcome.FAIL
    assert not verdict.requires_internal_approval
    assert verdict.codes == ("circular.unsettled_opposite_trade", "party_link.same_mobile")  # fails first
