"""Circular trading: committed on one side of a commodity, a partner cannot take the other side."""

from __future__ import annotations

import uuid

import pytest

from backend.core.errors import ValidationFailed
from backend.modules.risk.domain.circular import (
    ACTIVE_POSTING,
    UNSETTLED_TRADE,
    OpenActivity,
    check_circular,
)
from backend.modules.risk.domain.enums import ActivityKind, Outcome, Side
from backend.modules.risk.domain.errors import CircularTradingRefused

COTTON = uuid.UUID(int=1)
YARN = uuid.UUID(int=2)


def trade(side: Side, number: str = "TR-2026-000001", commodity: uuid.UUID = COTTON) -> OpenActivity:
    return OpenActivity(commodity, side, ActivityKind.TRADE, number)


def posting(side: Side, ref: str = "AV-1", commodity: uuid.UUID = COTTON) -> OpenActivity:
    return OpenActivity(commodity, side, ActivityKind.POSTING, ref)


def test_an_unsettled_sell_blocks_a_buy_of_the_same_commodity() -> None:
    verdict = check_circular([trade(Side.SELL)], COTTON, Side.BUY)
    assert not verdict.allowed
    assert verdict.outcome is Outcome.FAIL
    [reason] = verdict.reasons
    assert reason.code == UNSETTLED_TRADE
    assert reason.message == "cannot buy this commodity while holding an unsettled sell trade of it (TR-2026-000001)"
    assert reason.evidence == ("TR-2026-000001",)


def test_and_vice_versa() -> None:
    verdict = check_circular([trade(Side.BUY, "TR-2026-000007")], COTTON, Side.SELL)
    assert not verdict.allowed
    assert verdict.reasons[0].message.startswith("cannot sell this commodity while holding an unsettled buy trade")


@pytest.mark.parametrize(
    "activity",
    [
        [],
        [trade(Side.BUY)],  # same side: adding to a position is fine
        [trade(Side.SELL, commodity=YARN)],  # another commodity
        [posting(Side.SELL, commodity=YARN)],
    ],
)
def test_allowed_without_an_opposite_commitment_in_the_commodity(activity: list[OpenActivity]) -> None:
    verdict = check_circular(activity, COTTON, Side.BUY)
    assert verdict.allowed
    assert verdict.outcome is Outcome.PASS
    assert verdict.reasons == ()
    verdict.raise_if_refused()


def test_an_active_opposite_posting_blocks_too_with_its_own_reason() -> None:
    verdict = check_circular(
        [posting(Side.SELL, "AV-9"), trade(Side.SELL, "TR-2026-000002"), trade(Side.SELL, "TR-2026-000003")],
        COTTON,
        Side.BUY,
    )
    assert [r.code for r in verdict.reasons] == [UNSETTLED_TRADE, ACTIVE_POSTING]
    assert verdict.reasons[0].message.endswith("unsettled sell trades of it (TR-2026-000002, TR-2026-000003)")
    assert verdict.reasons[1].message.endswith("an active sell posting of it (AV-9)")


def test_a_refusal_is_a_422_naming_commodity_side_and_conflicts() -> None:
    verdict = check_circular([trade(Side.SELL)], COTTON, Side.BUY)
    with pytest.raises(CircularTradingRefused) as refused:
        verdict.raise_if_refused()
    assert isinstance(refused.value, ValidationFailed)
    assert refused.value.extra == {"commodity_id": str(COTTON), "side": "buy", "conflicting": ["TR-2026-000001"]}
    assert refused.value.errors[0].field == "side"
