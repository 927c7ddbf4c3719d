"""Party links between buyer and seller: PAN or GSTIN blocks; mobile or company mail domain warns."""

from __future__ import annotations

import uuid

import pytest

from backend.core.errors import ValidationFailed
from backend.modules.risk.domain.enums import Outcome
from backend.modules.risk.domain.errors import PartyLinkBlocked
from backend.modules.risk.domain.party_links import (
    PartyFacts,
    PartyLinkPolicy,
    check_party_links,
    email_domain,
    normalize_mobile,
)

BUYER, SELLER, MASTER, GROUP = (uuid.UUID(int=i) for i in (1, 2, 3, 4))
GSTIN_MH, PAN_MH = "27AAPFU0939F1ZV", "AAPFU0939F"
GSTIN_KA, PAN_KA = "29AAGCB7383J1Z4", "AAGCB7383J"


def buyer(**facts: object) -> PartyFacts:
    return PartyFacts(BUYER, **facts)  # type: ignore[arg-type]


def seller(**facts: object) -> PartyFacts:
    return PartyFacts(SELLER, **facts)  # type: ignore[arg-type]


def codes(buyer_facts: PartyFacts, seller_facts: PartyFacts) -> list[str]:
    return [r.code for r in check_party_links(buyer_facts, seller_facts).reasons]


def test_independent_parties_pass() -> None:
    result = check_party_links(
        buyer(pan=PAN_MH, gstins=frozenset({GSTIN_MH}), mobiles=frozenset({"+919876543210"})),
        seller(pan=PAN_KA, gstins=frozenset({GSTIN_KA}), mobiles=frozenset({"+919812345678"})),
    )
    assert result.outcome is Outcome.PASS
    assert result.reasons == ()
    assert not result.blocked
    assert not result.requires_internal_approval
    result.raise_if_blocked()


def test_the_same_pan_blocks_case_and_spacing_insensitively() -> None:
    result = check_party_links(buyer(pan=PAN_MH), seller(pan=" aapfu 0939f"))
    assert result.outcome is Outcome.FAIL
    assert result.blocked
    [reason] = result.reasons
    assert (reason.code, reason.evidence) == ("party_link.same_pan", (PAN_MH,))
    assert PAN_MH not in reason.message  # the message may reach the parties; the evidence stays internal


def test_a_gstin_carries_its_pan() -> None:
    assert codes(buyer(pan=PAN_MH), seller(gstins=frozenset({GSTIN_MH}))) == ["party_link.same_pan"]


def test_a_common_gstin_blocks() -> None:
    found = codes(
        buyer(gstins=frozenset({GSTIN_MH, GSTIN_KA})),
        seller(gstins=frozenset({GSTIN_KA.lower()})),
    )
    assert found == ["party_link.same_pan", "party_link.same_gstin"]


def test_same_partner_group_and_master_entities_block() -> None:
    assert codes(buyer(), PartyFacts(BUYER)) == ["party_link.same_partner"]
    assert codes(buyer(corporate_group_id=GROUP), seller(corporate_group_id=GROUP)) == [
        "party_link.same_corporate_group"
    ]
    assert codes(buyer(), seller(master_entity_id=BUYER)) == ["party_link.master_and_branch"]  # seller a branch
    assert codes(buyer(master_entity_id=SELLER), seller()) == ["party_link.master_and_branch"]
    assert codes(buyer(master_entity_id=MASTER), seller(master_entity_id=MASTER)) == ["party_link.master_and_branch"]
    assert codes(buyer(corporate_group_id=GROUP), seller(corporate_group_id=MASTER)) == []


def test_a_shared_mobile_warns_and_needs_an_internal_approver() -> None:
    result = check_party_links(
        buyer(mobiles=frozenset({"+91 98765-43210"})), seller(mobiles=frozenset({"+919876543210"}))
    )
    assert result.outcome is Outcome.WARN
    assert result.requires_internal_approval
    assert not result.blocked
    [reason] = result.reasons
    assert (reason.code, reason.evidence) == ("party_link.same_mobile", ("+919876543210",))
    result.raise_if_blocked()  # a warning does not refuse


def test_a_shared_company_email_domain_warns_case_insensitively() -> None:
    result = check_party_links(
        buyer(emails=frozenset({"ravi@ShreeCotton.co.in"})),
        seller(emails=frozenset({"accounts@shreecotton.CO.IN", "x@other.com"})),
    )
    assert result.outcome is Outcome.WARN
    assert [(r.code, r.evidence) for r in result.reasons] == [("party_link.same_email_domain", ("shreecotton.co.in",))]


@pytest.mark.parametrize("domain", ["gmail.com", "GMAIL.com", "yahoo.co.in", "outlook.com", "rediffmail.com"])
def test_public_email_domains_are_ignored(domain: str) -> None:
    assert codes(buyer(emails=frozenset({f"a@{domain}"})), seller(emails=frozenset({f"b@{domain.lower()}"}))) == []


def test_the_public_domain_list_is_data() -> None:
    policy = PartyLinkPolicy(public_email_domains=frozenset({"Mandi-Mail.in"}))
    result = check_party_links(
        buyer(emails=frozenset({"a@mandi-mail.in", "a@gmail.com"})),
        seller(emails=frozenset({"b@mandi-mail.in", "b@gmail.com"})),
        policy,
    )
    assert [r.evidence for r in result.reasons] == [("gmail.com",)]


def test_blocking_reasons_win_over_warnings_and_raise_a_422() -> None:
    result = check_party_links(
        buyer(pan=PAN_MH, mobiles=frozenset({"+919876543210"})),
        seller(pan=PAN_MH, mobiles=frozenset({"+919876543210"})),
    )
    assert result.outcome is Outcome.FAIL
    with pytest.raises(PartyLinkBlocked) as blocked:
        result.raise_if_blocked()
    assert isinstance(blocked.value, ValidationFailed)
    assert blocked.value.extra == {"reasons": ["party_link.same_pan"]}


def test_normalizers() -> None:
    assert normalize_mobile(" +91 (98765) 43210 ") == "+919876543210"
    assert email_domain("Ravi@Example.COM.") == "example.com"
    assert email_domain("not-an-address") is None
    assert email_domain("@example.com") is None
