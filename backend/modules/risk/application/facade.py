"""Risk as other contexts see it (``contracts/risk/queries.py``): credit, circular trading and party
links judged for the trading context, which never sees risk's domain."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from decimal import Decimal

from backend.contracts.risk.queries import (
    CreditFigures,
    OpenPostingRef,
    PostingCheck,
    RiskAssessment,
    RiskPartyFacts,
    RiskReasonRef,
    SellerOffer,
)
from backend.core.clock import utc_now
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.core.principal import DataScope
from backend.modules.risk.application.access import staff_scope
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.loading import limit_in
from backend.modules.risk.application.ports import RiskUnitOfWork
from backend.modules.risk.application.views import display_percent
from backend.modules.risk.domain.amounts import exact_sum
from backend.modules.risk.domain.circular import CircularVerdict, OpenActivity, check_circular
from backend.modules.risk.domain.enums import ActivityKind, Side
from backend.modules.risk.domain.errors import InvalidRiskInput
from backend.modules.risk.domain.exposure import CreditAssessment, UtilizationBands, utilization
from backend.modules.risk.domain.exposure import assess as assess_credit
from backend.modules.risk.domain.party_links import PartyFacts, check_party_links
from backend.modules.risk.domain.reasons import Reason
from backend.modules.risk.domain.reservations import CreditReservation
from backend.modules.risk.domain.verdict import combine


def _side(value: str, field: str = "side") -> Side:
    try:
        return Side(value)
    except ValueError:
        raise InvalidRiskInput([FieldError(field, f"must be buy or sell, not {value!r}")]) from None


def _party(facts: RiskPartyFacts) -> PartyFacts:
    return PartyFacts(
        partner_id=facts.partner_id,
        pan=facts.pan,
        gstins=frozenset(facts.gstins),
        mobiles=frozenset(facts.mobiles),
        emails=frozenset(facts.emails),
        corporate_group_id=facts.group_id,
        master_entity_id=facts.master_partner_id,
    )


def _reason(reason: Reason) -> RiskReasonRef:
    return RiskReasonRef(reason.code, reason.outcome.value, reason.message, reason.evidence)


def _figures(partner_id: uuid.UUID, credit: CreditAssessment, bands: UtilizationBands) -> CreditFigures:
    return CreditFigures(
        partner_id=partner_id,
        currency=credit.currency,
        limit=credit.limit,
        exposure=credit.exposure,
        amount=credit.amount,
        exposure_after=credit.exposure_after,
        available=credit.available,
        within_limit=credit.within_limit,
        band_after=credit.band_after(bands).value,
        utilization_after=display_percent(utilization(credit.exposure_after, credit.limit)),
    )


class RiskFacadeService:
    """Seen with ``scope``'s tenant; a partner user's scope is widened to the tenant, since a risk
    decision must see the counterparty's trades too (the answers carry evidence for staff only)."""

    def __init__(self, ctx: RiskContext, scope: DataScope) -> None:
        if scope.tenant_id is None:
            raise ValueError("risk decisions are made within a tenant")
        self._ctx = ctx
        self._scope = staff_scope(scope)
        self._tenant_id: uuid.UUID = scope.tenant_id

    def _uow(self) -> RiskUnitOfWork:
        return self._ctx.uow(self._scope)

    async def _credit(
        self, uow: RiskUnitOfWork, partner_id: uuid.UUID, amount: Decimal, currency: str, *, lock: bool
    ) -> CreditAssessment:
        # ``lock``: the exposure row stays locked while it is checked (until this unit of work ends)
        limit = await uow.credit_limits.get(partner_id)
        exposure = await uow.exposures.get(partner_id, currency, for_update=lock)
        held = exposure.amount if exposure is not None else Decimal(0)
        return assess_credit(limit_in(limit, currency), held, amount, currency)

    async def assess(
        self,
        buyer_partner_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        buyer_facts: RiskPartyFacts,
        seller_facts: RiskPartyFacts,
    ) -> RiskAssessment:
        bands = await self._ctx.bands.for_tenant(self._tenant_id)
        async with self._uow() as uow:
            # a verdict to rank matches by: read without locking, many are asked at once
            credit = await self._credit(uow, buyer_partner_id, amount, currency, lock=False)
            buyer_activity = await uow.trades.open_activity(buyer_partner_id)
            seller_activity = await uow.trades.open_activity(seller_partner_id)
        return self._verdict(
            (buyer_partner_id, buyer_activity, buyer_facts),
            (seller_partner_id, seller_activity, seller_facts),
            commodity_id,
            credit,
            bands,
        )

    async def assess_offers(
        self,
        buyer_partner_id: uuid.UUID,
        buyer_facts: RiskPartyFacts,
        commodity_id: uuid.UUID,
        currency: str,
        offers: Sequence[SellerOffer],
    ) -> list[RiskAssessment]:
        if not offers:
            return []
        bands = await self._ctx.bands.for_tenant(self._tenant_id)
        sellers = list(dict.fromkeys(o.seller_partner_id for o in offers))
        async with self._uow() as uow:
            # one read for the whole ranking: the buyer's credit and every party's unsettled trades
            limit = limit_in(await uow.credit_limits.get(buyer_partner_id), currency)
            exposure = await uow.exposures.get(buyer_partner_id, currency)
            held = exposure.amount if exposure is not None else Decimal(0)
            activity = await uow.trades.open_activities([buyer_partner_id, *sellers])
        buyer = (buyer_partner_id, activity.get(buyer_partner_id, []), buyer_facts)
        return [
            self._verdict(
                buyer,
                (o.seller_partner_id, activity.get(o.seller_partner_id, []), o.seller_facts),
                commodity_id,
                assess_credit(limit, held, o.amount, currency),
                bands,
            )
            for o in offers
        ]

    @staticmethod
    def _verdict(
        buyer: tuple[uuid.UUID, list[OpenActivity], RiskPartyFacts],
        seller: tuple[uuid.UUID, list[OpenActivity], RiskPartyFacts],
        commodity_id: uuid.UUID,
        credit: CreditAssessment,
        bands: UtilizationBands,
    ) -> RiskAssessment:
        (buyer_id, buyer_activity, buyer_facts), (_, seller_activity, seller_facts) = buyer, seller
        circular = [
            check_circular(buyer_activity, commodity_id, Side.BUY),
            check_circular(seller_activity, commodity_id, Side.SELL),
        ]
        links = check_party_links(_party(buyer_facts), _party(seller_facts))
        verdict = combine(credit=credit, circular=circular, party_links=links, bands=bands)
        return RiskAssessment(
            outcome=verdict.outcome.value,
            reasons=tuple(_reason(r) for r in verdict.reasons),
            credit=_figures(buyer_id, credit, bands),
        )

    async def assess_trade(
        self,
        buyer_partner_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        buyer_facts: RiskPartyFacts,
        seller_facts: RiskPartyFacts,
    ) -> RiskAssessment:
        bands = await self._ctx.bands.for_tenant(self._tenant_id)
        # one unit of work where booking used to ask twice (the limit, then the verdict): the same
        # figures, the exposure row locked while it is checked, half the round trips
        async with self._uow() as uow:
            credit = await self._credit(uow, buyer_partner_id, amount, currency, lock=True)
            if not credit.within_limit:
                raise credit.error(buyer_partner_id)
            buyer_activity = await uow.trades.open_activity(buyer_partner_id)
            seller_activity = await uow.trades.open_activity(seller_partner_id)
        return self._verdict(
            (buyer_partner_id, buyer_activity, buyer_facts),
            (seller_partner_id, seller_activity, seller_facts),
            commodity_id,
            credit,
            bands,
        )

    async def ensure_within_limit(self, buyer_partner_id: uuid.UUID, amount: Decimal, currency: str) -> CreditFigures:
        bands = await self._ctx.bands.for_tenant(self._tenant_id)
        async with self._uow() as uow:
            # credit other acceptances hold right now counts too, as it does for a reservation
            exposure = await uow.exposures.locked(buyer_partner_id, currency)
            held = exact_sum(exposure.amount, await uow.reservations.held(buyer_partner_id, currency, utc_now()))
            limit = await uow.credit_limits.get(buyer_partner_id)
            credit = assess_credit(limit_in(limit, currency), held, amount, currency)
        if not credit.within_limit:
            raise credit.error(buyer_partner_id)
        return _figures(buyer_partner_id, credit, bands)

    async def reserve_credit(
        self, buyer_partner_id: uuid.UUID, amount: Decimal, currency: str, reference: str, ttl: timedelta
    ) -> uuid.UUID:
        now = utc_now()
        async with self._uow() as uow:
            # the exposure row's lock serializes every reservation and trade of this buyer and currency
            exposure = await uow.exposures.locked(buyer_partner_id, currency)
            held = exact_sum(exposure.amount, await uow.reservations.held(buyer_partner_id, currency, now))
            limit = await uow.credit_limits.get(buyer_partner_id)
            credit = assess_credit(limit_in(limit, currency), held, amount, currency)
            if not credit.within_limit:
                raise credit.error(buyer_partner_id)
            reservation = CreditReservation.hold(
                id=new_uuid(),
                tenant_id=self._tenant_id,
                partner_id=buyer_partner_id,
                currency=currency,
                amount=amount,
                reference=reference,
                now=now,
                expires_at=now + ttl,
            )
            await uow.reservations.add(reservation)
            await uow.commit()
        return reservation.id

    async def release_credit(self, reservation_id: uuid.UUID) -> None:
        async with self._uow() as uow:
            reservation = await uow.reservations.get(reservation_id, for_update=True)
            if reservation is None or not reservation.release(utc_now()):
                return  # unknown (purged), consumed by its trade, or released already
            await uow.reservations.save(reservation)
            await uow.commit()

    async def _circular(
        self, partner_id: uuid.UUID, commodity_id: uuid.UUID, side: str, postings: Sequence[OpenPostingRef]
    ) -> CircularVerdict:
        wanted = _side(side)
        async with self._uow() as uow:
            activity = await uow.trades.open_activity(partner_id)
        activity += [
            OpenActivity(p.commodity_id, _side(p.side, "active_postings.side"), ActivityKind.POSTING, p.reference)
            for p in postings
        ]
        return check_circular(activity, commodity_id, wanted)

    async def check_posting(
        self,
        partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        side: str,
        active_postings: Sequence[OpenPostingRef] = (),
    ) -> PostingCheck:
        verdict = await self._circular(partner_id, commodity_id, side, active_postings)
        return PostingCheck(verdict.outcome.value, tuple(_reason(r) for r in verdict.reasons))

    async def ensure_posting_allowed(
        self,
        partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        side: str,
        active_postings: Sequence[OpenPostingRef] = (),
    ) -> None:
        (await self._circular(partner_id, commodity_id, side, active_postings)).raise_if_refused()
