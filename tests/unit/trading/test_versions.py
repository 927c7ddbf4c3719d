"""Every aggregate steps its optimistic version once per unit of work, however many changes it makes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from backend.modules.trading.domain.contract import Contract
from backend.modules.trading.domain.errors import InvalidTradingInput
from tests.unit.trading.builders import BUYER, NOW, OFFER_TERMS, SELLER, USER, match, negotiation, requirement, trade

D = Decimal
Change = Callable[[], object]


def on_requirement() -> tuple[Any, list[Change]]:
    wanted = requirement()
    return wanted, [lambda: wanted.fulfil(D("1")), lambda: wanted.fulfil(D("2"))]


def on_negotiation() -> tuple[Any, list[Change]]:
    talk = negotiation()
    later = NOW + timedelta(hours=1)

    def offer(by: uuid.UUID) -> Change:
        return lambda: talk.make_offer(by_partner_id=by, price=D("1"), quantity=D("1"), terms=OFFER_TERMS, now=later)

    return talk, [offer(BUYER), offer(SELLER)]


def on_trade() -> tuple[Any, list[Change]]:
    booked = trade()
    return booked, [lambda: booked.ship(USER), lambda: booked.deliver(USER)]


def on_contract() -> tuple[Any, list[Change]]:
    contract = Contract.issue(trade=trade(), document=b"doc")
    return contract, [lambda: contract.replace_document(b"v2"), lambda: contract.replace_document(b"v3")]


def on_match() -> tuple[Any, list[Change]]:
    found = match()
    return found, [found.begin_negotiation, found.close]


@pytest.mark.parametrize("make", [on_requirement, on_negotiation, on_trade, on_contract, on_match])
def test_version_steps_once_per_unit_of_work(make: Callable[[], tuple[Any, list[Change]]]) -> None:
    aggregate, changes = make()
    aggregate.persisted_version = loaded = aggregate.version
    for change in changes:
        change()
    assert aggregate.version == loaded + 1


def test_an_empty_re_rendering_is_refused() -> None:
    contract = Contract.issue(trade=trade(), document=b"doc")
    with pytest.raises(InvalidTradingInput):
        contract.replace_document(b"")
