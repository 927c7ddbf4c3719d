"""The risk context's rules as trading applies them, through its published facade only.

Circular trading: before a posting is created or published, risk is asked whether the partner may take
that side of the commodity. Risk knows the partner's unsettled trades (from ``trade_confirmed``); its
open postings live here, so trading hands in the partner's live postings of the other side (an active
availability is a sell in waiting: without it a partner could post both sides before either trades).

Acceptance: the buyer's credit is reserved under risk's exposure lock (422 over the limit, counting
the other bookings' reservations), then the whole verdict: fail refuses the trade (422), warn
(linked parties, credit in the red band) needs an internal approver who says so (409 otherwise),
pass books it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from backend.contracts.partners.queries import PartnerRef
from backend.contracts.risk.queries import OpenPostingRef, RiskAssessment, RiskFacade, RiskPartyFacts
from backend.core.principal import DataScope, Principal, UserKind
from backend.modules.trading.application.errors import (
    ApprovalNotAllowed,
    LinkedPartiesNeedApproval,
    TradeRefusedByRisk,
)
from backend.modules.trading.application.ports import PostingFilter, TradingUnitOfWork
from backend.modules.trading.domain.enums import AvailabilityStatus, RequirementStatus

# permission code (declared with its description in the API package)
APPROVE_LINKED_TRADE = "trading.approve_linked_trade"
BUY, SELL = "buy", "sell"
# how many of the partner's opposite postings are named; one is enough to refuse
POSTINGS_NAMED = 20
# how long a booking's credit reservation counts unless consumed or released: longer than any
# booking and the relay's delivery of its trade, short enough that a crash in between frees it soon
CREDIT_HOLD = timedelta(hours=1)
_LIVE_AVAILABILITY = (AvailabilityStatus.ACTIVE, AvailabilityStatus.RESERVED)
_OPEN_REQUIREMENT = (RequirementStatus.ACTIVE, RequirementStatus.PARTIALLY_FULFILLED)


def risk_facade(ctx_facade: Callable[[DataScope], RiskFacade] | None, scope: DataScope) -> RiskFacade:
    if ctx_facade is None:
        raise RuntimeError("trading applies the risk context's rules; no risk facade is wired")
    return ctx_facade(scope)


async def opposite_postings(
    uow: TradingUnitOfWork, partner_id: uuid.UUID, commodity_id: uuid.UUID, side: str
) -> list[OpenPostingRef]:
    """The partner's live postings of ``commodity_id`` on the side opposite to ``side``."""

    def page(status: str) -> PostingFilter:
        return PostingFilter(POSTINGS_NAMED, partner_id=partner_id, status=status, commodity_id=commodity_id)

    refs: list[OpenPostingRef] = []
    if side == BUY:
        for live in _LIVE_AVAILABILITY:
            for a in await uow.availabilities.search(page(live.value)):
                refs.append(OpenPostingRef(a.commodity_id, SELL, f"availability {a.id}"))
    else:
        for open_ in _OPEN_REQUIREMENT:
            for r in await uow.requirements.search(page(open_.value)):
                refs.append(OpenPostingRef(r.commodity_id, BUY, f"requirement {r.id}"))
    return refs


async def ensure_not_circular(
    facade: RiskFacade, uow: TradingUnitOfWork, partner_id: uuid.UUID, commodity_id: uuid.UUID, side: str
) -> None:
    """422 ``circular-trading`` naming commodity, side and the conflicting trades or postings.

    ``uow`` must see the partner's postings (a partner user's own scope does). The partner's postings
    of the commodity stay serialised until ``uow`` commits the one being posted."""
    await uow.hold_partner_commodity(partner_id, commodity_id)
    postings = await opposite_postings(uow, partner_id, commodity_id, side)
    await facade.ensure_posting_allowed(partner_id, commodity_id, side, postings)


def risk_party_facts(ref: PartnerRef) -> RiskPartyFacts:
    return RiskPartyFacts(
        partner_id=ref.id,
        pan=ref.pan,
        gstins=frozenset(ref.gstins),
        mobiles=frozenset(ref.mobiles),
        emails=frozenset(ref.emails),
        group_id=ref.group_id,
        master_partner_id=ref.master_partner_id,
    )


def ensure_may_approve(actor: Principal) -> None:
    """Only the tenant's own staff with the permission clear a trade between linked parties."""
    if actor.kind is not UserKind.INTERNAL or not actor.can(APPROVE_LINKED_TRADE):
        raise ApprovalNotAllowed(APPROVE_LINKED_TRADE)


@dataclass(frozen=True)
class TradeRiskCheck:
    buyer: PartnerRef
    seller: PartnerRef
    commodity_id: uuid.UUID
    amount: Decimal  # what the trade adds to the buyer's exposure: the invoice value
    currency: str


async def hold_credit(facade: RiskFacade, check: TradeRiskCheck, reference: str) -> uuid.UUID:
    """Reserve the trade's invoice value of the buyer's credit (422 naming limit, exposure and amount
    when it does not fit); the reservation's id, for the trade's event or ``release_credit``."""
    return await facade.reserve_credit(check.buyer.id, check.amount, check.currency, reference, CREDIT_HOLD)


async def clear_trade(facade: RiskFacade, check: TradeRiskCheck, *, approved: bool) -> str | None:
    """Refuse the trade, or say what the approver cleared (the booking's note; None: nothing to clear).

    ``approved``: an internal approver (``ensure_may_approve``) clears a warning verdict. The credit
    limit itself is enforced by ``hold_credit`` before; this reads the verdict without locking."""
    verdict: RiskAssessment = await facade.assess(
        check.buyer.id,
        check.seller.id,
        check.commodity_id,
        check.amount,
        check.currency,
        risk_party_facts(check.buyer),
        risk_party_facts(check.seller),
    )
    if verdict.failed:
        raise TradeRefusedByRisk(verdict.reasons)
    if not verdict.requires_internal_approval:
        return None
    if not approved:
        raise LinkedPartiesNeedApproval(verdict.reasons, APPROVE_LINKED_TRADE)
    return "booked with internal approval despite: " + "; ".join(f"{r.code} ({r.message})" for r in verdict.reasons)
