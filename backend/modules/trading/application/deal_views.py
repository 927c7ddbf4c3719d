"""What the negotiation and trade use cases answer: plain snapshots, never the aggregates."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from backend.contracts.partners.queries import PartnerFacade, PartnerRef
from backend.core.errors import NotFound
from backend.modules.trading.application.amendment_views import TermsVersionView, terms_version_view
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.domain.negotiation import Negotiation, Offer
from backend.modules.trading.domain.trade import Trade


@dataclass(frozen=True)
class PartyView:
    """Identities are revealed to both sides once a negotiation starts."""

    partner_id: uuid.UUID
    code: str | None
    legal_name: str | None


@dataclass(frozen=True)
class NegotiationOfferView:
    id: uuid.UUID
    side: str
    by_partner_id: uuid.UUID
    price: Decimal
    quantity: Decimal
    payment_terms: str
    delivery_terms: str
    delivery_date: date | None
    notes: str | None
    made_at: datetime
    status: str


@dataclass(frozen=True)
class NegotiationView:
    id: uuid.UUID
    match_id: uuid.UUID
    requirement_id: uuid.UUID
    availability_id: uuid.UUID
    buyer: PartyView
    seller: PartyView
    started_by: str
    listed_price: Decimal
    currency: str
    price_unit: str
    unit: str
    min_quantity: Decimal | None
    max_quantity: Decimal | None
    fixed_price: Decimal | None
    status: str
    started_at: datetime
    last_activity_at: datetime
    expires_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    offers: tuple[NegotiationOfferView, ...]
    version: int


@dataclass(frozen=True)
class TradeView:
    id: uuid.UUID
    number: str
    status: str
    status_reason: str | None
    commodity_id: uuid.UUID
    negotiation_id: uuid.UUID
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    quantity: Decimal
    unit: str
    price: Decimal
    currency: str
    price_unit: str
    amount: Decimal
    gst_rate: Decimal
    tax_regime: str
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    total: Decimal
    delivery_date: date | None
    payment_terms: str
    delivery_terms: str
    ship_to: AddressSnapshot
    bill_to: AddressSnapshot
    ship_from: AddressSnapshot
    created_at: datetime
    updated_at: datetime
    version: int
    terms_version: int = 1  # the current terms' version; ``history`` holds every version, oldest first
    history: tuple[TermsVersionView, ...] = ()
    pending_amendment_id: uuid.UUID | None = None


async def party_refs(facade: PartnerFacade, *partner_ids: uuid.UUID) -> dict[uuid.UUID, PartnerRef]:
    """Each party as the partners context knows it, read in the tenant's scope; one removed since is
    left out."""
    try:  # one read for all; only when a party is gone is each asked on its own
        return dict(await facade.get_partners(partner_ids))
    except NotFound:
        pass
    found: dict[uuid.UUID, PartnerRef] = {}
    for partner_id in partner_ids:
        with contextlib.suppress(NotFound):
            found[partner_id] = await facade.get_partner(partner_id)
    return found


def _view(partner_id: uuid.UUID, ref: PartnerRef | None) -> PartyView:
    # a party removed since is still identified by its id
    return PartyView(partner_id, None, None) if ref is None else PartyView(partner_id, ref.code, ref.legal_name)


def views_of(partner_ids: Iterable[uuid.UUID], refs: Mapping[uuid.UUID, PartnerRef]) -> dict[uuid.UUID, PartyView]:
    """Code and legal name of each party."""
    return {partner_id: _view(partner_id, refs.get(partner_id)) for partner_id in partner_ids}


async def party_views(facade: PartnerFacade, *partner_ids: uuid.UUID) -> dict[uuid.UUID, PartyView]:
    """Code and legal name of each party, read in the tenant's scope."""
    return views_of(partner_ids, await party_refs(facade, *partner_ids))


def _offer_view(o: Offer) -> NegotiationOfferView:
    return NegotiationOfferView(
        id=o.id,
        side=o.side.value,
        by_partner_id=o.by_partner_id,
        price=o.price,
        quantity=o.quantity,
        payment_terms=o.terms.payment_terms,
        delivery_terms=o.terms.delivery_terms,
        delivery_date=o.terms.delivery_date,
        notes=o.terms.notes,
        made_at=o.made_at,
        status=o.status.value,
    )


def negotiation_view(n: Negotiation, parties: Mapping[uuid.UUID, PartyView]) -> NegotiationView:
    def party(partner_id: uuid.UUID) -> PartyView:
        return parties.get(partner_id) or PartyView(partner_id, None, None)

    return NegotiationView(
        id=n.id,
        match_id=n.match_id,
        requirement_id=n.requirement_id,
        availability_id=n.availability_id,
        buyer=party(n.buyer_partner_id),
        seller=party(n.seller_partner_id),
        started_by=n.started_by.value,
        listed_price=n.price_basis.amount,
        currency=n.price_basis.currency,
        price_unit=n.price_basis.unit,
        unit=n.unit,
        min_quantity=n.limits.min_quantity,
        max_quantity=n.limits.whole_quantity or n.limits.max_quantity,
        fixed_price=n.limits.fixed_price,
        status=n.status.value,
        started_at=n.started_at,
        last_activity_at=n.last_activity_at,
        expires_at=n.expires_at,
        ended_at=n.ended_at,
        end_reason=n.end_reason,
        offers=tuple(_offer_view(o) for o in n.offers),
        version=n.version,
    )


def trade_view(t: Trade) -> TradeView:
    terms = t.terms
    return TradeView(
        id=t.id,
        number=t.number,
        status=t.status.value,
        status_reason=t.status_reason,
        commodity_id=t.commodity_id,
        negotiation_id=t.negotiation_id,
        buyer_partner_id=t.buyer_partner_id,
        seller_partner_id=t.seller_partner_id,
        quantity=terms.quantity,
        unit=t.unit,
        price=terms.price.amount,
        currency=terms.price.currency,
        price_unit=terms.price.unit,
        amount=terms.amount,
        gst_rate=t.gst_rate,
        tax_regime=terms.tax.regime,
        cgst=terms.tax.cgst,
        sgst=terms.tax.sgst,
        igst=terms.tax.igst,
        total=terms.total,
        delivery_date=terms.delivery_date,
        payment_terms=t.payment_terms,
        delivery_terms=t.delivery_terms,
        ship_to=terms.ship_to,
        bill_to=terms.bill_to,
        ship_from=terms.ship_from,
        created_at=t.created_at,
        updated_at=t.updated_at,
        version=t.version,
        terms_version=terms.version,
        history=tuple(terms_version_view(version) for version in t.history),
        pending_amendment_id=t.pending_amendment.id if t.pending_amendment else None,
    )


async def present_negotiation(facade: PartnerFacade, negotiation: Negotiation) -> NegotiationView:
    parties = await party_views(facade, negotiation.buyer_partner_id, negotiation.seller_partner_id)
    return negotiation_view(negotiation, parties)
