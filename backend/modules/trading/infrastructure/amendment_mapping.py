"""Rows of the amendment tables to a trade's terms versions and amendments, and back."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from backend.modules.trading.domain.enums import AmendmentStatus, Side
from backend.modules.trading.domain.money import UnitPrice
from backend.modules.trading.domain.tax import TaxBreakdown
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.domain.trade_terms import AmendmentChanges, TradeAmendment, TradeTerms
from backend.modules.trading.infrastructure.deal_mapping import address_json, address_of


def terms_row(t: Trade, terms: TradeTerms) -> dict[str, Any]:
    return {
        "tenant_id": t.tenant_id,
        "trade_id": t.id,
        "version": terms.version,
        "buyer_partner_id": t.buyer_partner_id,
        "seller_partner_id": t.seller_partner_id,
        "quantity": terms.quantity,
        "price": terms.price.amount,
        "currency": terms.price.currency,
        "price_unit": terms.price.unit,
        "price_factor": terms.price.factor,
        "amount": terms.amount,
        "gst_rate": terms.tax.rate,
        "tax_regime": terms.tax.regime,
        "cgst": terms.tax.cgst,
        "sgst": terms.tax.sgst,
        "igst": terms.tax.igst,
        "delivery_date": terms.delivery_date,
        "ship_to": address_json(terms.ship_to),
        "bill_to": address_json(terms.bill_to),
        "ship_from": address_json(terms.ship_from),
        "effective_at": terms.effective_at,
        "amendment_id": terms.amendment_id,
    }


def terms_of(row: Any) -> TradeTerms:
    price = UnitPrice(row.price, row.currency, row.price_unit, row.price_factor)
    return TradeTerms(
        version=row.version,
        quantity=row.quantity,
        price=price,
        amount=row.amount,
        tax=TaxBreakdown(row.gst_rate, row.amount, row.currency, row.cgst, row.sgst, row.igst, row.tax_regime),
        delivery_date=row.delivery_date,
        ship_to=address_of(row.ship_to),
        bill_to=address_of(row.bill_to),
        ship_from=address_of(row.ship_from),
        effective_at=row.effective_at,
        amendment_id=row.amendment_id,
    )


def changes_json(c: AmendmentChanges) -> dict[str, Any]:
    encoded: dict[str, Any] = {}
    if c.quantity is not None:
        encoded["quantity"] = str(c.quantity)
    if c.price is not None:
        encoded["price"] = str(c.price)
    if c.delivery_date is not None:
        encoded["delivery_date"] = c.delivery_date.isoformat()
    for name in ("ship_to", "bill_to", "ship_from"):
        if (snapshot := getattr(c, name)) is not None:
            encoded[name] = address_json(snapshot)
    return encoded


def changes_of(encoded: dict[str, Any]) -> AmendmentChanges:
    def address(name: str) -> Any:
        return address_of(encoded[name]) if name in encoded else None

    return AmendmentChanges(
        quantity=Decimal(encoded["quantity"]) if "quantity" in encoded else None,
        price=Decimal(encoded["price"]) if "price" in encoded else None,
        delivery_date=date.fromisoformat(encoded["delivery_date"]) if "delivery_date" in encoded else None,
        ship_to=address("ship_to"),
        bill_to=address("bill_to"),
        ship_from=address("ship_from"),
    )


def amendment_row(t: Trade, a: TradeAmendment) -> dict[str, Any]:
    return {
        "id": a.id,
        "tenant_id": t.tenant_id,
        "trade_id": t.id,
        "buyer_partner_id": t.buyer_partner_id,
        "seller_partner_id": t.seller_partner_id,
        "requested_by": a.requested_by.value,
        "changes": changes_json(a.changes),
        "fields": list(a.fields),
        "reason": a.reason,
        "requested_at": a.requested_at,
        "status": a.status.value,
        "decided_at": a.decided_at,
        "decision_reason": a.decision_reason,
        "terms_version": a.terms_version,
    }


def amendment_of(row: Any) -> TradeAmendment:
    return TradeAmendment(
        id=row.id,
        requested_by=Side(row.requested_by),
        changes=changes_of(row.changes),
        fields=tuple(row.fields),
        reason=row.reason,
        requested_at=row.requested_at,
        status=AmendmentStatus(row.status),
        decided_at=row.decided_at,
        decision_reason=row.decision_reason,
        terms_version=row.terms_version,
    )


def decided_columns(a: TradeAmendment) -> dict[str, Any]:
    """What changes on an amendment row after it was requested: the decision."""
    return {
        "status": a.status.value,
        "decided_at": a.decided_at,
        "decision_reason": a.decision_reason,
        "terms_version": a.terms_version,
    }


def by_trade(rows: list[Any]) -> dict[uuid.UUID, list[Any]]:
    grouped: dict[uuid.UUID, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.trade_id, []).append(row)
    return grouped
