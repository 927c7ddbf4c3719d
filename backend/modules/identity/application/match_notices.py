"""Tell the buyer's and the seller's users that trading found them a top match, without naming each other.

Trading announces only a requirement's top matches. Until a negotiation starts both parties know a
match by its anonymous token alone, so a notice carries the token and the score and nothing of the
counterparty. Every user of the partner who can sign in gets one: an SMS to the mobile, else an
e-mail. Invited partner users are included: they sign in with a one-time code to their mobile.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from backend.contracts.trading.events import MatchFoundV1
from backend.core.messaging.events import IntegrationEvent
from backend.core.messaging.inbox import idempotent
from backend.core.principal import DataScope
from backend.modules.identity.application.auth_context import AuthContext
from backend.modules.identity.application.ports import IdentityUnitOfWork
from backend.modules.identity.domain.user import UserStatus

NOTIFY_MATCH_PARTIES = "identity.on_match_found_notify_parties"

# who can sign in: an invited partner user by a one-time code, an active one as usual
_CAN_SIGN_IN = frozenset({UserStatus.INVITED, UserStatus.ACTIVE})


def percent(score: Decimal) -> str:
    """A score from 0 to 1 as a whole percentage: ``0.866`` is ``87%``."""
    return f"{(score * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def buyer_notice(token: str, score: Decimal) -> str:
    return (
        f"Mandi: your requirement has a new match {token} scoring {percent(score)}. "
        "Open it in Mandi to start negotiating."
    )


def seller_notice(token: str, score: Decimal) -> str:
    return (
        f"Mandi: your availability matched a buyer's requirement: match {token} scoring {percent(score)}. "
        "Open it in Mandi to start negotiating."
    )


@dataclass(frozen=True)
class _Announced:
    tenant_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    token: str
    score: Decimal


def _announced(event: IntegrationEvent) -> _Announced | None:
    """The match when it names both parties and its token; an older producer's event does not."""
    if not isinstance(event, MatchFoundV1):
        return None
    buyer, seller, token = event.buyer_partner_id, event.seller_partner_id, event.token
    if buyer is None or seller is None or not token:
        return None
    return _Announced(event.tenant_id, buyer, seller, token, event.score)


async def _tell(uow: IdentityUnitOfWork, partner_id: uuid.UUID, body: str) -> None:
    for user in await uow.users.of_partner(partner_id):
        if user.status not in _CAN_SIGN_IN:
            continue
        if user.mobile:
            await uow.auth.deliver("sms", user.mobile, body)
        elif user.email:
            await uow.auth.deliver("email", user.email, body)


async def notify_match_parties(event: IntegrationEvent, uow: IdentityUnitOfWork) -> None:
    """Runs inside the subscriber's unit of work, with its inbox claim; no commit here."""
    match = _announced(event)
    if match is None:
        return
    await _tell(uow, match.buyer_partner_id, buyer_notice(match.token, match.score))
    await _tell(uow, match.seller_partner_id, seller_notice(match.token, match.score))


async def on_match_found_notify_parties(event: IntegrationEvent, ctx: AuthContext) -> None:
    """The match's tenant scope: both partners' users as that tenant sees them."""
    match = _announced(event)
    if match is None:
        return  # not even an inbox row: there is nothing to do, now or on redelivery
    scope = DataScope(tenant_id=match.tenant_id)
    await idempotent(NOTIFY_MATCH_PARTIES, lambda: ctx.uow(scope), notify_match_parties)(event)
