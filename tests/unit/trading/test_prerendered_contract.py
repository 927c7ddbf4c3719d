"""A contract rendered before the locks is issued only for the terms and version it was rendered for;
an amendment approved on a copy gives exactly the terms the locked approval gives."""

from __future__ import annotations

import copy
from decimal import Decimal as D

from backend.modules.trading.application.contract_documents import Prerendered
from backend.modules.trading.application.contract_ports import RenderedContract
from backend.modules.trading.domain.trade_terms import AmendmentChanges
from tests.unit.trading.builders import BUYER, NOW, SELLER, trade

DOCUMENT = RenderedContract("cotton.html.j2", "<html></html>", b"%PDF-1.7")


def test_it_fits_the_same_terms_and_version_only() -> None:
    booked = trade()
    early = Prerendered(booked.terms, 1, DOCUMENT)
    assert early.fits(booked, 1)
    assert not early.fits(booked, 2)  # another contract version was issued meanwhile
    asked = booked.request_amendment(
        by_partner_id=BUYER, changes=AmendmentChanges(price=D("61000")), reason="rates rose", now=NOW
    )
    booked.approve_amendment(asked.id, by_partner_id=SELLER, now=NOW)
    assert not early.fits(booked, 1)  # the terms moved on: render again under the lock


def test_approving_a_copy_gives_the_terms_the_locked_approval_gives() -> None:
    booked = trade()
    asked = booked.request_amendment(
        by_partner_id=BUYER, changes=AmendmentChanges(quantity=D("8500")), reason="half now", now=NOW
    )
    copied = copy.deepcopy(booked)
    copied.approve_amendment(asked.id, by_partner_id=SELLER, now=NOW)
    early = Prerendered(copied.terms, 2, DOCUMENT)
    assert booked.terms.version == 1  # the copy's approval left the trade as it was
    booked.approve_amendment(asked.id, by_partner_id=SELLER, now=NOW)
    assert early.fits(booked, 2)
