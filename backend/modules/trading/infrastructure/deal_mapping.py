"""Rows of the deal tables to negotiations and trades and back.

A trade row holds its current terms; every version and every amendment live in the amendment
tables (``amendment_mapping``), which the trade repository reads and writes with the row.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from backend.modules.trading.domain.branches import PartyBranches
from backend.modules.trading.domain.enums import NegotiationStatus, OfferStatus, Side, TradeStatus
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.negotiation import Negotiation, NegotiationLimits, Offer, OfferTerms
from backend.modules.trading.domain.tax import TaxBreakdown
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.domain.trade_terms import TradeAmendment, TradeTerms


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def limits_json(limits: NegotiationLimits) -> dict[str, str | None]:
    return {
        "fixed_price": _text(limits.fixed_price),
        "min_quantity": _text(limits.min_quantity),
        "max_quantity": _text(limits.max_quantity),
        "whole_quantity": _text(limits.whole_quantity),
    }


def negotiation_row(n: Negotiation) -> dict[str, Any]:
    return {
        "id": n.id,
        "tenant_id": n.tenant_id,
        "match_id": n.match_id,
        "requirement_id": n.requirement_id,
        "availability_id": n.availability_id,
        "buyer_partner_id": n.buyer_partner_id,
        "seller_partner_id": n.seller_partner_id,
        "started_by": n.started_by.value,
        "listed_price": n.price_basis.amount,
        "currency": n.price_basis.currency,
        "price_unit": n.price_basis.unit,
        "price_factor": n.price_basis.factor,
        "unit": n.unit,
        "limits": limits_json(n.limits),
        "idle_timeout_seconds": int(n.idle_timeout.total_seconds()),
        "started_at": n.started_at,
        "last_activity_at": n.last_activity_at,
        "status": n.status.value,
        "ended_at": n.ended_at,
        "end_reason": n.end_reason,
        "buyer_branch_id": n.branches.buyer,
        "seller_branch_id": n.branches.seller,
        "commodity_id": n.commodity_id,
        "version": n.version,
    }


def offer_row(n: Negotiation, position: int, o: Offer) -> dict[str, Any]:
    return {
        "id": o.id,
        "tenant_id": n.tenant_id,
        "negotiation_id": n.id,
        "position": position,
        "buyer_partner_id": n.buyer_partner_id,
        "seller_partner_id": n.seller_partner_id,
        "side": o.side.value,
        "by_partner_id": o.by_partner_id,
        "price": o.price,
        "quantity": o.quantity,
        "payment_terms": o.terms.payment_terms,
        "delivery_terms": o.terms.delivery_terms,
        "delivery_date": o.terms.delivery_date,
        "notes": o.terms.notes,
        "made_at": o.made_at,
        "status": o.status.value,
    }


def offer_of(row: Any) -> Offer:
    return Offer(
        id=row.id,
        side=Side(row.side),
        by_partner_id=row.by_partner_id,
        price=row.price,
        quantity=row.quantity,
        terms=OfferTerms(row.payment_terms, row.delivery_terms, row.delivery_date, row.notes),
        made_at=row.made_at,
        status=OfferStatus(row.status),
    )


def negotiation_of(row: Any, offer_rows: list[Any]) -> Negotiation:
    limits = row.limits
    return Negotiation(
        id=row.id,
        tenant_id=row.tenant_id,
        match_id=row.match_id,
        requirement_id=row.requirement_id,
        availability_id=row.availability_id,
        buyer_partner_id=row.buyer_partner_id,
        seller_partner_id=row.seller_partner_id,
        started_by=Side(row.started_by),
        price_basis=UnitPrice(row.listed_price, row.currency, row.price_unit, row.price_factor),
        unit=row.unit,
        limits=NegotiationLimits(
            fixed_price=_decimal(limits.get("fixed_price")),
            min_quantity=_decimal(limits.get("min_quantity")),
            max_quantity=_decimal(limits.get("max_quantity")),
            whole_quantity=_decimal(limits.get("whole_quantity")),
        ),
        idle_timeout=timedelta(seconds=row.idle_timeout_seconds),
        started_at=row.started_at,
        last_activity_at=row.last_activity_at,
        status=NegotiationStatus(row.status),
        offers=[offer_of(offer) for offer in sorted(offer_rows, key=lambda r: r.position)],
        ended_at=row.ended_at,
        end_reason=row.end_reason,
        branches=PartyBranches(row.buyer_branch_id, row.seller_branch_id),
        commodity_id=row.commodity_id,
        version=row.version,
        persisted_version=row.version,
    )


def address_json(snapshot: AddressSnapshot) -> dict[str, Any]:
    encoded = asdict(snapshot)
    encoded["location_id"] = str(snapshot.location_id)
    return encoded


def address_of(encoded: dict[str, Any]) -> AddressSnapshot:
    return AddressSnapshot(**{**encoded, "location_id": uuid.UUID(encoded["location_id"])})


def trade_row(t: Trade) -> dict[str, Any]:
    terms = t.terms
    return {
        "id": t.id,
        "tenant_id": t.tenant_id,
        "number": t.number,
        "commodity_id": t.commodity_id,
        "negotiation_id": t.negotiation_id,
        "match_id": t.match_id,
        "requirement_id": t.requirement_id,
        "availability_id": t.availability_id,
        "buyer_partner_id": t.buyer_partner_id,
        "seller_partner_id": t.seller_partner_id,
        "unit": t.unit,
        "quantity": terms.quantity,
        "price": terms.price.amount,
        "currency": terms.price.currency,
        "price_unit": terms.price.unit,
        "price_factor": terms.price.factor,
        "amount": terms.amount,
        "gst_rate": t.gst_rate,
        "tax_regime": terms.tax.regime,
        "cgst": terms.tax.cgst,
        "sgst": terms.tax.sgst,
        "igst": terms.tax.igst,
        "delivery_date": terms.delivery_date,
        "payment_terms": t.payment_terms,
        "delivery_terms": t.delivery_terms,
        "ship_to": address_json(terms.ship_to),
        "bill_to": address_json(terms.bill_to),
        "ship_from": address_json(terms.ship_from),
        "terms_version": terms.version,
        "status": t.status.value,
        "status_reason": t.status_reason,
        "buyer_branch_id": t.branches.buyer,
        "seller_branch_id": t.branches.seller,
        "created_at": t.created_at,
        "updated_at": t.updated_at,
        "version": t.version,
    }


def trade_of(
    row: Any, history: list[TradeTerms] | None = None, amendments: list[TradeAmendment] | None = None
) -> Trade:
    """``history``: every version, oldest first (default: the current terms alone)."""
    price = UnitPrice(row.price, row.currency, row.price_unit, row.price_factor)
    tax = TaxBreakdown(row.gst_rate, row.amount, row.currency, row.cgst, row.sgst, row.igst, row.tax_regime)
    terms = TradeTerms(
        version=row.terms_version,
        quantity=row.quantity,
        price=price,
        amount=row.amount,
        tax=tax,
        delivery_date=row.delivery_date,
        ship_to=address_of(row.ship_to),
        bill_to=address_of(row.bill_to),
        ship_from=address_of(row.ship_from),
        effective_at=row.created_at,
    )
    return Trade(
        id=row.id,
        tenant_id=row.tenant_id,
        number=row.number,
        commodity_id=row.commodity_id,
        negotiation_id=row.negotiation_id,
        match_id=row.match_id,
        requirement_id=row.requirement_id,
        availability_id=row.availability_id,
        buyer_partner_id=row.buyer_partner_id,
        seller_partner_id=row.seller_partner_id,
        unit=row.unit,
        gst_rate=row.gst_rate,
        payment_terms=row.payment_terms,
        delivery_terms=row.delivery_terms,
        terms=history[-1] if history else terms,
        history=list(history) if history else [terms],
        amendments=list(amendments or []),
        status=TradeStatus(row.status),
        status_reason=row.status_reason,
        branches=PartyBranches(row.buyer_branch_id, row.seller_branch_id),
        created_at=row.created_at,
        updated_at=row.updated_at,
        version=row.version,
        persisted_version=row.version,
    )
