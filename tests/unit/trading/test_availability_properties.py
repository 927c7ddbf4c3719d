"""Random sequences of reserve, release, sell and block never break the quantity invariants."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.core.errors import Conflict, ValidationFailed
from backend.modules.trading.domain.availability import Availability
from backend.modules.trading.domain.enums import AvailabilityStatus as S
from backend.modules.trading.domain.quantities import Quantity
from tests.unit.trading.builders import NOW, availability

OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["reserve", "release", "sell", "sell_reserved", "block", "unblock", "cancel", "expire"]),
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal("20000"), places=3),
    ),
    max_size=40,
)


def apply(posting: Availability, operation: str, quantity: Decimal) -> None:
    if operation == "reserve":
        posting.reserve(quantity, NOW)
    elif operation == "sell":
        posting.sell(quantity, NOW)
    elif operation == "release":
        posting.release(quantity)
    elif operation == "sell_reserved":
        posting.sell_reserved(quantity)
    elif operation == "block":
        posting.block("hold")
    elif operation == "unblock":
        posting.unblock(NOW)
    elif operation == "cancel":
        posting.cancel("stop")
    else:
        posting.expire_if_due(posting.expires_at)


@settings(max_examples=300, deadline=None)
@given(OPERATIONS, st.booleans(), st.booleans())
def test_quantities_always_add_up_and_never_go_negative(
    operations: list[tuple[str, Decimal]], partial: bool, with_minimum: bool
) -> None:
    minimum = Quantity(Decimal("10"), "BALE") if with_minimum else None
    posting = availability(partial_orders_allowed=partial, minimum_order=minimum)
    for operation, quantity in operations:
        before = (posting.available, posting.reserved, posting.sold, posting.status)
        try:
            apply(posting, operation, quantity)
        except (Conflict, ValidationFailed):
            # a refused operation changes nothing
            assert (posting.available, posting.reserved, posting.sold, posting.status) == before
        parts = (posting.available, posting.reserved, posting.sold)
        assert all(part >= 0 for part in parts)
        assert sum(parts) == posting.total
        if posting.status is S.ACTIVE:
            assert posting.available > 0
        if posting.status is S.RESERVED:
            assert posting.available == 0
            assert posting.reserved > 0
        if posting.status is S.SOLD:
            assert posting.sold == posting.total
        if posting.status is S.CANCELLED:
            assert posting.reserved == 0  # cancelling needs no reservation, and none can be made afterwards


@settings(max_examples=100, deadline=None)
@given(st.lists(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2), max_size=30))
def test_selling_never_oversells(orders: list[Decimal]) -> None:
    posting = availability()
    accepted = Decimal(0)
    for order in orders:
        try:
            posting.sell(order, NOW)
            accepted += order
        except Conflict:
            assert order > posting.available
    assert accepted == posting.sold <= posting.total
