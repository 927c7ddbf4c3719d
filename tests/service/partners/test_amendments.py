"""Amendments to approved partners: maker-checker, old and new values kept, events for risk."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.core.errors import Forbidden, MakerCheckerViolation
from backend.modules.partners.application.commands.approve_amendment import ApproveAmendment, approve_amendment
from backend.modules.partners.application.commands.reject_amendment import RejectAmendment, reject_amendment
from backend.modules.partners.application.commands.request_amendment import RequestAmendment, request_amendment
from backend.modules.partners.application.errors import AmendmentNotFound, PartnerNotFound
from backend.modules.partners.application.inputs import CreditLimitInput
from backend.modules.partners.application.queries.get_partner import GetPartner, get_partner
from backend.modules.partners.application.queries.list_amendments import ListAmendments, list_amendments
from backend.modules.partners.domain.amendments import AmendmentStatus
from backend.modules.partners.domain.errors import AmendmentAlreadyDecided, PartnerItemNotFound, PartnerNotEditable
from tests.service.partners.flows import approved, create
from tests.service.partners.world import World, bank, branch, contact, partner_user, staff


async def test_a_bank_change_keeps_old_and_new_and_applies_on_approval(world: World) -> None:
    partner = await approved(world)
    maker, checker = staff("trader"), staff("back_office")
    new = bank(account_number="999988887777", ifsc="ICIC0000001")
    requested = await request_amendment(RequestAmendment(partner.id, new), maker, world.ctx)
    assert (requested.kind, requested.status) == ("bank_change", "pending")
    assert requested.old_value is not None
    assert (requested.old_value["account_number"], requested.new_value["account_number"]) == (
        "********7890",
        "********7777",
    )
    with pytest.raises(MakerCheckerViolation):
        await approve_amendment(ApproveAmendment(partner.id, requested.id), maker, world.ctx)
    decided = await approve_amendment(ApproveAmendment(partner.id, requested.id), checker, world.ctx)
    assert (decided.status, decided.decided_by) == ("approved", checker.user_id)
    again = await approve_amendment(ApproveAmendment(partner.id, requested.id), staff(), world.ctx)
    assert again.decided_by == checker.user_id  # idempotent
    after = await get_partner(GetPartner(partner.id), staff(), world.ctx)
    assert [(a.account_number, a.primary) for a in after.bank_accounts] == [
        ("********7890", False),
        ("********7777", True),
    ]
    approved_event = world.events("partners.amendment_approved.v1")[0]
    assert approved_event.old_value["account_number"] == "********7890"
    assert approved_event.new_value["ifsc"] == "ICIC0000001"
    assert approved_event.credit_limit is None


async def test_a_credit_limit_change_is_published_with_amount_and_currency(world: World) -> None:
    partner = await approved(world)
    requested = await request_amendment(
        RequestAmendment(partner.id, CreditLimitInput(Decimal("4500000.00"))), staff(), world.ctx
    )
    assert requested.old_value == {"amount": "3000000.00", "currency": "INR"}
    await approve_amendment(ApproveAmendment(partner.id, requested.id), staff(), world.ctx)
    [asked] = world.events("partners.amendment_requested.v1")
    [event] = world.events("partners.amendment_approved.v1")
    assert (asked.kind, event.kind, event.credit_limit, event.currency) == (
        "credit_limit_change",
        "credit_limit_change",
        Decimal("4500000.00"),
        "INR",
    )
    assert event.new_value == {"amount": "4500000.00", "currency": "INR"}


async def test_a_rejected_amendment_changes_nothing(world: World) -> None:
    partner = await approved(world)
    maker = staff()
    requested = await request_amendment(RequestAmendment(partner.id, branch()), maker, world.ctx)
    with pytest.raises(MakerCheckerViolation):
        await reject_amendment(RejectAmendment(partner.id, requested.id, "no"), maker, world.ctx)
    rejected = await reject_amendment(RejectAmendment(partner.id, requested.id, "no such branch"), staff(), world.ctx)
    assert (rejected.status, rejected.reason) == (AmendmentStatus.REJECTED.value, "no such branch")
    with pytest.raises(AmendmentAlreadyDecided):
        await approve_amendment(ApproveAmendment(partner.id, requested.id), staff(), world.ctx)
    assert len((await get_partner(GetPartner(partner.id), staff(), world.ctx)).locations) == 1
    [event] = world.events("partners.amendment_rejected.v1")
    assert event.reason == "no such branch"


async def test_a_contact_change_replaces_the_named_contact(world: World) -> None:
    partner = await approved(world)
    old = partner.contacts[0]
    change = contact(id=old.id, mobile="+919811111111")
    requested = await request_amendment(RequestAmendment(partner.id, change), staff(), world.ctx)
    assert (requested.old_value or {})["mobile"] == old.mobile
    assert requested.new_value["mobile"] == "+919811111111"
    await approve_amendment(ApproveAmendment(partner.id, requested.id), staff(), world.ctx)
    after = await get_partner(GetPartner(partner.id), staff(), world.ctx)
    assert [(c.id, c.mobile) for c in after.contacts] == [(old.id, "+919811111111")]
    with pytest.raises(PartnerItemNotFound):
        await request_amendment(RequestAmendment(partner.id, contact(id=partner.id)), staff(), world.ctx)


async def test_amendments_are_listed_newest_first_and_kept(world: World) -> None:
    partner = await approved(world)
    first = await request_amendment(RequestAmendment(partner.id, CreditLimitInput(Decimal(1))), staff(), world.ctx)
    second = await request_amendment(RequestAmendment(partner.id, branch()), staff(), world.ctx)
    listed = await list_amendments(ListAmendments(partner.id), staff(), world.ctx)
    assert [a.id for a in listed] == [second.id, first.id]
    assert listed[0].new_value["state_code"] == "29"


async def test_amendments_only_for_approved_partners_and_by_staff(world: World) -> None:
    draft = await create(world)
    with pytest.raises(PartnerNotEditable):
        await request_amendment(RequestAmendment(draft.id, branch()), staff(), world.ctx)
    partner = await approved(world, legal_name="Unique Traders Pune", master_partner_id=draft.id)
    with pytest.raises(Forbidden):
        await request_amendment(RequestAmendment(partner.id, branch()), partner_user(partner.id), world.ctx)
    with pytest.raises(AmendmentNotFound):
        await approve_amendment(ApproveAmendment(partner.id, partner.id), staff(), world.ctx)
    requested = await request_amendment(RequestAmendment(partner.id, branch()), staff(), world.ctx)
    with pytest.raises(AmendmentNotFound):  # addressed through another partner
        await approve_amendment(ApproveAmendment(draft.id, requested.id), staff(), world.ctx)
    with pytest.raises(PartnerNotFound):
        await list_amendments(ListAmendments(partner.id), partner_user(draft.id), world.ctx)
