from __future__ import annotations

import hashlib
import uuid
from datetime import datetime
from decimal import Decimal

import pytest

from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.contract import Contract
from backend.modules.trading.domain.enums import ContractStatus, Side, SignatureTier
from backend.modules.trading.domain.errors import AlreadySigned, ContractLocked, InvalidTradingInput, NotAParty
from backend.modules.trading.domain.trade_terms import AmendmentChanges
from tests.unit.trading.builders import BUYER, NOW, SELLER, USER, trade

DOCUMENT = b"<html>Contract TR-2026-000001</html>"
HASH = hashlib.sha256(DOCUMENT).hexdigest()
D_PRICE = Decimal("59000")


def issue(tier: SignatureTier = SignatureTier.BASIC) -> Contract:
    contract = Contract.issue(trade=trade(), document=DOCUMENT, required_tier=tier, now=NOW)
    contract.pull_events()
    return contract


def sign(contract: Contract, partner: uuid.UUID, **overrides: object) -> None:
    arguments: dict[str, object] = {
        "partner_id": partner,
        "signed_by": USER,
        "tier": SignatureTier.BASIC,
        "signed_at": NOW,
        "ip_address": "203.0.113.7",
        "document_sha256": HASH,
    }
    contract.sign(**{**arguments, **overrides})  # type: ignore[arg-type]


def test_issue_stores_the_sha256() -> None:
    contract = Contract.issue(trade=trade(), document=DOCUMENT, now=NOW)
    assert contract.sha256 == HASH
    assert contract.status is ContractStatus.DRAFT
    assert contract.contract_version == 1
    assert contract.terms_version == 1
    issued = contract.pull_events()[0]
    assert isinstance(issued, ev.ContractIssued)
    assert issued.sha256 == HASH
    with pytest.raises(InvalidTradingInput):
        Contract.issue(trade=trade(), document=b"")


def test_both_signatures_make_it_fully_signed() -> None:
    contract = issue()
    sign(contract, BUYER)
    assert contract.status is ContractStatus.PARTIALLY_SIGNED
    assert not contract.fully_signed
    sign(contract, SELLER, tier=SignatureTier.DSC, ip_address="2001:db8::1", document_sha256=HASH.upper())
    assert contract.status is ContractStatus.SIGNED
    assert contract.fully_signed
    seller = contract.signatures[Side.SELLER]
    assert (seller.tier, seller.ip_address, seller.document_sha256, seller.signed_at) == (
        SignatureTier.DSC,
        "2001:db8::1",
        HASH,
        NOW,
    )
    signed = [e for e in contract.pull_events() if isinstance(e, ev.ContractSigned)]
    assert [(e.side, e.fully_signed) for e in signed] == [("buyer", False), ("seller", True)]


def test_a_party_signs_once_and_strangers_never() -> None:
    contract = issue()
    sign(contract, BUYER)
    with pytest.raises(AlreadySigned):
        sign(contract, BUYER)
    with pytest.raises(NotAParty):
        sign(contract, uuid.UUID(int=5))


def test_the_signed_hash_must_be_the_contracts() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        sign(issue(), BUYER, document_sha256=hashlib.sha256(b"another").hexdigest())
    assert [e.field for e in raised.value.errors] == ["document_sha256"]


def test_signature_details_are_validated() -> None:
    with pytest.raises(InvalidTradingInput) as raised:
        sign(issue(), BUYER, ip_address="not-an-ip", signed_at=datetime(2026, 6, 15, 12, 0))
    assert {e.field for e in raised.value.errors} == {"ip_address", "signed_at"}


def test_the_required_tier_or_stronger() -> None:
    contract = issue(SignatureTier.E_SIGN)
    with pytest.raises(InvalidTradingInput) as raised:
        sign(contract, BUYER, tier=SignatureTier.BASIC)
    assert [e.field for e in raised.value.errors] == ["tier"]
    sign(contract, BUYER, tier=SignatureTier.E_SIGN)
    sign(contract, SELLER, tier=SignatureTier.DSC)
    assert contract.fully_signed


def test_a_draft_may_be_re_rendered_but_a_signed_contract_not() -> None:
    contract = issue()
    contract.replace_document(b"<html>fixed typo</html>")
    assert contract.sha256 == hashlib.sha256(b"<html>fixed typo</html>").hexdigest()
    sign(contract, BUYER, document_sha256=contract.sha256)
    with pytest.raises(ContractLocked):
        contract.replace_document(DOCUMENT)


def test_an_amendment_creates_the_next_version_and_supersedes_this_one() -> None:
    booked = trade()
    contract = Contract.issue(trade=booked, document=DOCUMENT, required_tier=SignatureTier.E_SIGN, now=NOW)
    sign(contract, BUYER, tier=SignatureTier.E_SIGN)
    sign(contract, SELLER, tier=SignatureTier.E_SIGN)
    amendment = booked.request_amendment(
        by_partner_id=BUYER, changes=AmendmentChanges(price=D_PRICE), reason="discount"
    )
    booked.approve_amendment(amendment.id, by_partner_id=SELLER)
    successor = contract.amend(trade=booked, document=b"<html>v2</html>", now=NOW)
    assert (successor.contract_version, successor.terms_version) == (2, 2)
    assert successor.required_tier is SignatureTier.E_SIGN
    assert successor.status is ContractStatus.DRAFT
    assert contract.status is ContractStatus.SUPERSEDED
    assert contract.superseded_by == successor.id
    assert contract.fully_signed  # what was signed stays as it was
    with pytest.raises(ContractLocked):
        sign(contract, BUYER)
    with pytest.raises(ContractLocked):
        contract.amend(trade=booked, document=b"v3")
