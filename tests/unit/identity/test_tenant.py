"""Tenants and their branches: validated on creation, state changes guarded, one version bump per unit of work."""

from __future__ import annotations

import uuid
from typing import TypeVar

import pytest

from backend.modules.identity.domain.errors import InvalidIdentityInput, StateConflict
from backend.modules.identity.domain.events import TenantCreated
from backend.modules.identity.domain.tenant import DEFAULT_SUB_USER_LIMIT, Branch, Tenant, TenantStatus

MAHARASHTRA_GSTIN = "27AAPFU0939F1ZV"
KARNATAKA_GSTIN = "29AAGCB7383J1Z4"


A = TypeVar("A", Tenant, Branch)


def loaded(aggregate: A) -> A:
    """As a repository hands it out: the stored version is the current one."""
    aggregate.pull_events()
    aggregate.persisted_version = aggregate.version
    return aggregate


def tenant_errors(**overrides: str) -> list[str]:
    arguments = {"name": "Shah Traders", "country": "IN", "base_currency": "INR", "time_zone": "Asia/Kolkata"}
    with pytest.raises(InvalidIdentityInput) as invalid:
        Tenant.create(**(arguments | overrides))
    return [e.field for e in invalid.value.errors]


def open_branch(**overrides: str | None) -> Branch:
    arguments: dict[str, str | None] = {
        "code": "MUM-1",
        "name": "Mumbai",
        "state_code": "27",
        "gstin": MAHARASHTRA_GSTIN,
        "address": "Vashi",
    }
    return Branch.open(uuid.uuid4(), **(arguments | overrides))  # type: ignore[arg-type]


def branch_errors(**overrides: str | None) -> list[str]:
    with pytest.raises(InvalidIdentityInput) as invalid:
        open_branch(**overrides)
    return [e.field for e in invalid.value.errors]


def test_create_normalises_the_tenant() -> None:
    tenant = Tenant.create("  Shah Traders ", " in ", " inr ")

    assert (tenant.name, tenant.country, tenant.base_currency) == ("Shah Traders", "IN", "INR")
    assert tenant.time_zone == "Asia/Kolkata"
    assert tenant.status is TenantStatus.ACTIVE
    assert tenant.sub_user_limit == DEFAULT_SUB_USER_LIMIT
    assert (tenant.version, tenant.persisted_version) == (1, 0)
    assert tenant.created_at.tzinfo is not None


def test_create_records_exactly_one_tenant_created_event() -> None:
    tenant = Tenant.create("Shah Traders", "IN", "INR", "Europe/London")

    events = tenant.pull_events()
    assert [type(e) for e in events] == [TenantCreated]
    assert events[0].tenant_id == tenant.id  # type: ignore[attr-defined]
    assert tenant.time_zone == "Europe/London"


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_a_bad_name_is_refused(name: str) -> None:
    assert tenant_errors(name=name) == ["name"]


def test_a_name_of_200_characters_is_accepted() -> None:
    assert Tenant.create("x" * 200, "IN", "INR").name == "x" * 200


@pytest.mark.parametrize("country", ["IND", "I", "1N", "", "I N"])
def test_a_country_must_be_iso_alpha_2(country: str) -> None:
    assert tenant_errors(country=country) == ["country"]


@pytest.mark.parametrize("currency", ["RS", "INRR", "1NR", "", "₹"])
def test_a_currency_must_be_iso_4217(currency: str) -> None:
    assert tenant_errors(base_currency=currency) == ["base_currency"]


@pytest.mark.parametrize("time_zone", ["Asia/Mumbai", "IST", ""])
def test_a_time_zone_must_be_iana(time_zone: str) -> None:
    assert tenant_errors(time_zone=time_zone) == ["time_zone"]


def test_every_bad_field_is_named_at_once() -> None:
    assert tenant_errors(name="", country="India", base_currency="Rupee", time_zone="Bombay") == [
        "name",
        "country",
        "base_currency",
        "time_zone",
    ]


def test_suspend_an_active_tenant_once() -> None:
    tenant = Tenant.create("Shah Traders", "IN", "INR")

    tenant.suspend()

    assert tenant.status is TenantStatus.SUSPENDED
    with pytest.raises(StateConflict):
        tenant.suspend()


def test_reactivate_a_suspended_tenant_once() -> None:
    tenant = Tenant.create("Shah Traders", "IN", "INR")
    tenant.suspend()

    tenant.reactivate()

    assert tenant.status is TenantStatus.ACTIVE
    with pytest.raises(StateConflict):
        tenant.reactivate()


def test_a_stored_tenant_bumps_its_version_once_per_unit_of_work() -> None:
    tenant = loaded(Tenant.create("Shah Traders", "IN", "INR"))

    tenant.suspend()
    tenant.reactivate()
    tenant.suspend()
    assert tenant.version == 2

    tenant.persisted_version = tenant.version  # saved; the next unit of work starts
    tenant.reactivate()
    assert tenant.version == 3


def test_a_new_tenant_keeps_version_one_until_stored() -> None:
    tenant = Tenant.create("Shah Traders", "IN", "INR")

    tenant.suspend()
    assert tenant.version == 1


def test_a_refused_transition_does_not_bump_the_version() -> None:
    tenant = loaded(Tenant.create("Shah Traders", "IN", "INR"))

    with pytest.raises(StateConflict):
        tenant.reactivate()
    assert tenant.version == 1


def test_open_normalises_the_branch() -> None:
    tenant_id = uuid.uuid4()
    branch = Branch.open(tenant_id, " mum-1 ", "  Mumbai ", " 27 ", " 27aapfu0939f1zv ", "Vashi")

    assert (branch.tenant_id, branch.code, branch.name) == (tenant_id, "MUM-1", "Mumbai")
    assert (branch.state_code, branch.gstin, branch.address) == ("27", MAHARASHTRA_GSTIN, "Vashi")
    assert branch.active
    assert (branch.version, branch.persisted_version) == (1, 0)


@pytest.mark.parametrize("gstin", [None, ""])
def test_a_branch_may_have_no_gstin(gstin: str | None) -> None:
    assert open_branch(gstin=gstin).gstin is None


def test_a_letter_state_code_skips_the_gstin_state_check() -> None:
    assert open_branch(state_code="mh").state_code == "MH"


@pytest.mark.parametrize("code", ["", "-MUM", "_MUM", "MUM 1", "MUM!", "A" * 21])
def test_a_bad_branch_code_is_refused(code: str) -> None:
    assert branch_errors(code=code) == ["code"]


def test_a_branch_code_of_20_characters_is_accepted() -> None:
    assert open_branch(code="A" * 20).code == "A" * 20


@pytest.mark.parametrize("state_code", ["", "MAHA", "M-H", "2 7"])
def test_a_bad_state_code_is_refused(state_code: str) -> None:
    assert branch_errors(state_code=state_code, gstin=None) == ["state_code"]


def test_a_gstin_failing_its_checksum_is_refused() -> None:
    assert branch_errors(gstin="27AAPFU0939F1ZW") == ["gstin"]


def test_a_gstin_of_another_state_is_refused() -> None:
    with pytest.raises(InvalidIdentityInput) as invalid:
        open_branch(state_code="27", gstin=KARNATAKA_GSTIN)

    [error] = invalid.value.errors
    assert error.field == "gstin"
    assert "belongs to state 29" in error.message


def test_every_bad_branch_field_is_named_at_once() -> None:
    assert branch_errors(code="", name="", state_code="", gstin="NOT-A-GSTIN") == [
        "name",
        "code",
        "state_code",
        "gstin",
    ]


def test_revise_changes_only_what_is_given() -> None:
    branch = loaded(open_branch(gstin=None))

    branch.revise(" Mumbai APMC ", None, None, None)
    assert (branch.name, branch.gstin, branch.address, branch.active) == ("Mumbai APMC", None, "Vashi", True)

    branch.revise(None, " 27aapfu0939f1zv", "Turbhe", False)
    assert (branch.name, branch.gstin, branch.address, branch.active) == (
        "Mumbai APMC",
        MAHARASHTRA_GSTIN,
        "Turbhe",
        False,
    )
    assert branch.version == 2  # two revisions, one unit of work


@pytest.mark.parametrize(
    ("name", "gstin"),
    [("   ", None), (None, "27AAPFU0939F1ZW"), (None, KARNATAKA_GSTIN)],
    ids=["blank-name", "bad-checksum", "other-state"],
)
def test_a_refused_revision_changes_nothing(name: str | None, gstin: str | None) -> None:
    branch = loaded(open_branch())

    with pytest.raises(InvalidIdentityInput):
        branch.revise(name, gstin, "elsewhere", False)

    assert (branch.name, branch.gstin, branch.address, branch.active) == ("Mumbai", MAHARASHTRA_GSTIN, "Vashi", True)
    assert branch.version == 1
