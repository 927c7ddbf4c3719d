"""The partner status machine: every illegal transition is refused, naming both states."""

from __future__ import annotations

import uuid

import pytest

from backend.modules.partners.domain.enums import TRANSITIONS, PartnerStatus
from backend.modules.partners.domain.errors import IllegalStatusTransition
from tests.unit.partners.builders import CHECKER, MAKER, PAN_KA, TODAY, draft, location, profile

ILLEGAL = [(s, t) for s in PartnerStatus for t in PartnerStatus if t not in TRANSITIONS[s]]


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_transitions_name_both_states(current: PartnerStatus, target: PartnerStatus) -> None:
    partner = draft()
    partner.status = current
    with pytest.raises(IllegalStatusTransition) as refused:
        partner._move(target)
    assert f"from {current.value} to {target.value}" in str(refused.value)
    assert refused.value.extra == {"current_status": current.value, "target_status": target.value}


@pytest.mark.parametrize("status", [PartnerStatus.APPROVED, PartnerStatus.REJECTED, PartnerStatus.INACTIVE])
def test_commands_refuse_the_wrong_state(status: PartnerStatus) -> None:
    partner = draft()
    partner.status = status
    with pytest.raises(IllegalStatusTransition):
        partner.submit(MAKER, TODAY)
    with pytest.raises(IllegalStatusTransition):
        partner.reject(CHECKER, "no")
    with pytest.raises(IllegalStatusTransition):
        partner.reactivate(CHECKER, TODAY)


def test_the_full_happy_path_through_every_legal_state() -> None:
    partner = draft(profile(pan=PAN_KA, tax_registrations=()), location(gstin=None))
    partner.submit(MAKER, TODAY)
    partner.request_info(CHECKER, "more")
    partner.submit(MAKER, TODAY)
    partner.approve(uuid.uuid4(), TODAY)
    partner.suspend(None, "kyc")
    partner.reactivate(CHECKER, TODAY)
    partner.deactivate(CHECKER, "closed the business")
    assert partner.status is PartnerStatus.INACTIVE
