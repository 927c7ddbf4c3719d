"""The development verification adapters: deterministic, offline, and labelled as not real."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from backend.modules.partners.domain.locations import Address
from backend.modules.partners.infrastructure.verification import (
    NOT_REAL,
    STATE_CAPITALS,
    DevBankAccountVerifier,
    DevGeocoder,
    DevGstnLookup,
    development_verifiers,
    passes,
)
from tests.unit.partners.builders import GSTIN_KA, GSTIN_MH, GSTIN_TN

MUMBAI = Address("1 Cotton Exchange Road", "Mumbai", "400001", "IN")


def test_every_adapter_says_it_is_not_real() -> None:
    verifiers = development_verifiers()
    for adapter in (verifiers.gstn, verifiers.bank_accounts, verifiers.geocoder):
        assert NOT_REAL in adapter.provider
    assert NOT_REAL == "development adapter, not a real lookup"


def test_the_rule_is_a_sha256_of_the_input() -> None:
    assert passes("x") is (hashlib.sha256(b"x").digest()[0] % 10 != 0)
    # about one in ten fails
    failures = sum(not passes(str(n)) for n in range(1000))
    assert 60 < failures < 140


@pytest.mark.parametrize("gstin", [GSTIN_MH, GSTIN_KA, GSTIN_TN])
async def test_a_valid_gstin_is_registered_in_its_state(gstin: str) -> None:
    record = await DevGstnLookup().lookup(gstin.lower())
    assert record is not None
    assert (record.gstin, record.state_code, record.legal_name) == (gstin, gstin[:2], None)
    assert record.active is passes(gstin)
    assert record.registered_on is not None
    assert record.registered_on.year >= 2017
    assert await DevGstnLookup().lookup(gstin) == record  # deterministic


async def test_an_invalid_gstin_is_not_found() -> None:
    assert await DevGstnLookup().lookup("27AAPFU0939F1ZX") is None  # wrong check digit


async def test_bank_accounts_are_decided_by_number_and_bank_code() -> None:
    verifier = DevBankAccountVerifier()
    check = await verifier.verify("001234567890", ifsc="HDFC0001234", swift=None)
    assert (check.valid, check.holder_name) == (passes("001234567890", "HDFC0001234"), None)
    assert not (await verifier.verify("  ", ifsc="HDFC0001234", swift=None)).valid
    invalid = next(n for n in (f"{i:012d}" for i in range(1000)) if not passes(n, "HDFC0001234"))
    assert not (await verifier.verify(invalid, ifsc="hdfc0001234", swift=None)).valid


async def test_indian_addresses_land_near_their_state_capital() -> None:
    geocoder = DevGeocoder()
    point = await geocoder.geocode(MUMBAI, state_code="27")
    assert point is not None
    _, latitude, longitude = STATE_CAPITALS["27"]
    assert abs(point.latitude - Decimal(latitude)) <= Decimal("0.05")
    assert abs(point.longitude - Decimal(longitude)) <= Decimal("0.05")
    assert point.latitude.as_tuple().exponent == -6
    assert await geocoder.geocode(MUMBAI, state_code="27") == point
    elsewhere = await geocoder.geocode(Address("2 Other Road", "Mumbai", "400002", "IN"), state_code="27")
    assert elsewhere != point


async def test_unknown_states_and_foreign_addresses_are_not_found() -> None:
    geocoder = DevGeocoder()
    assert await geocoder.geocode(MUMBAI) is None
    assert await geocoder.geocode(MUMBAI, state_code="97") is None
    assert await geocoder.geocode(Address("Baumwollstrasse 1", "Hamburg", "20095", "DE"), state_code="27") is None
