"""Party links: are the buyer and the seller really two independent parties?

Blocking links (the trade cannot happen): the same partner, the same PAN (a GSTIN carries its
holder's PAN in characters 3-12, so a GSTIN of one side against the PAN of the other counts), a
GSTIN in common, the same corporate group, or a master entity and its branch (or two branches of one
master). Warning links (an internal approver must clear the trade): a mobile number in common, or a
company e-mail domain in common. Public mail domains say nothing about ownership and are ignored;
the list is data (``PartyLinkPolicy``). Identifiers compare case- and spacing-insensitively.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from backend.modules.risk.domain.enums import Outcome
from backend.modules.risk.domain.errors import PartyLinkBlocked
from backend.modules.risk.domain.reasons import Reason

PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.co.in",
        "yahoo.in",
        "ymail.com",
        "outlook.com",
        "outlook.in",
        "hotmail.com",
        "live.com",
        "msn.com",
        "rediffmail.com",
        "rediff.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "protonmail.com",
        "proton.me",
        "zoho.com",
        "zohomail.in",
        "gmx.com",
        "mail.com",
        "yandex.com",
    }
)

_SEPARATORS = re.compile(r"[\s\-./()]")
_GSTIN = re.compile(r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]{3}")


@dataclass(frozen=True)
class PartyLinkPolicy:
    public_email_domains: frozenset[str] = PUBLIC_EMAIL_DOMAINS


DEFAULT_POLICY = PartyLinkPolicy()


@dataclass(frozen=True)
class PartyFacts:
    """What the partners facade tells about one side; ``emails`` are its contacts' addresses."""

    partner_id: uuid.UUID
    pan: str | None = None
    gstins: frozenset[str] = field(default_factory=frozenset)
    mobiles: frozenset[str] = field(default_factory=frozenset)
    emails: frozenset[str] = field(default_factory=frozenset)
    corporate_group_id: uuid.UUID | None = None
    master_entity_id: uuid.UUID | None = None  # the master partner when this one is a branch entity


def normalize_code(value: str) -> str:
    """PAN or GSTIN without separators, upper case."""
    return _SEPARATORS.sub("", value).upper()


def normalize_mobile(value: str) -> str:
    """Digits with the leading ``+`` of E.164 (the partners context stores mobiles that way)."""
    digits = re.sub(r"[^0-9]", "", value)
    return f"+{digits}" if value.strip().startswith("+") else digits


def email_domain(value: str) -> str | None:
    local, at, domain = value.strip().rpartition("@")
    if not at or not local:
        return None
    return domain.rstrip(".").lower() or None


def _pans(facts: PartyFacts) -> set[str]:
    pans = {normalize_code(facts.pan)} if facts.pan else set()
    for gstin in _gstins(facts):
        if _GSTIN.fullmatch(gstin):
            pans.add(gstin[2:12])
    return pans


def _gstins(facts: PartyFacts) -> set[str]:
    return {normalize_code(g) for g in facts.gstins if g.strip()}


def _company_domains(facts: PartyFacts, policy: PartyLinkPolicy) -> set[str]:
    public = {d.lower() for d in policy.public_email_domains}
    domains = {d for e in facts.emails if (d := email_domain(e)) is not None}
    return domains - public


@dataclass(frozen=True)
class PartyLinkResult:
    reasons: tuple[Reason, ...]

    @property
    def outcome(self) -> Outcome:
        return max((r.outcome for r in self.reasons), key=lambda o: o.rank, default=Outcome.PASS)

    @property
    def blocked(self) -> bool:
        return self.outcome is Outcome.FAIL

    @property
    def requires_internal_approval(self) -> bool:
        return self.outcome is Outcome.WARN

    def raise_if_blocked(self) -> None:
        if self.blocked:
            failing = tuple(r for r in self.reasons if r.outcome is Outcome.FAIL)
            raise PartyLinkBlocked(tuple(r.code for r in failing), "; ".join(r.message for r in failing))


def _common(code: str, outcome: Outcome, message: str, left: Iterable[str], right: Iterable[str]) -> list[Reason]:
    shared = sorted(set(left) & set(right))
    return [Reason(code, outcome, message, tuple(shared))] if shared else []


def check_party_links(
    buyer: PartyFacts, seller: PartyFacts, policy: PartyLinkPolicy = DEFAULT_POLICY
) -> PartyLinkResult:
    """Every link between the two sides, blocking ones first."""
    block, warn = Outcome.FAIL, Outcome.WARN
    reasons: list[Reason] = []
    if buyer.partner_id == seller.partner_id:
        reasons.append(Reason("party_link.same_partner", block, "buyer and seller are the same partner"))
    reasons += _common("party_link.same_pan", block, "buyer and seller share a PAN", _pans(buyer), _pans(seller))
    reasons += _common(
        "party_link.same_gstin", block, "buyer and seller share a GSTIN", _gstins(buyer), _gstins(seller)
    )
    if buyer.corporate_group_id is not None and buyer.corporate_group_id == seller.corporate_group_id:
        reasons.append(
            Reason(
                "party_link.same_corporate_group",
                block,
                "buyer and seller belong to the same corporate group",
                (str(buyer.corporate_group_id),),
            )
        )
    masters = {buyer.partner_id, buyer.master_entity_id} - {None}
    others = {seller.partner_id, seller.master_entity_id} - {None}
    if buyer.partner_id != seller.partner_id and masters & others:
        reasons.append(
            Reason(
                "party_link.master_and_branch",
                block,
                "buyer and seller are entities of the same master partner",
                tuple(sorted(str(m) for m in masters & others)),
            )
        )
    reasons += _common(
        "party_link.same_mobile",
        warn,
        "buyer and seller share a contact mobile number",
        {normalize_mobile(m) for m in buyer.mobiles if m.strip()},
        {normalize_mobile(m) for m in seller.mobiles if m.strip()},
    )
    reasons += _common(
        "party_link.same_email_domain",
        warn,
        "buyer and seller share a company e-mail domain",
        _company_domains(buyer, policy),
        _company_domains(seller, policy),
    )
    return PartyLinkResult(tuple(reasons))
