"""Events other contexts publish, as the risk tests feed them in (valid unless overridden)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from backend.contracts.partners.events import AmendmentApprovedV1, PartnerApprovedV1
from backend.contracts.trading.events import TradeAmendedV1, TradeCancelledV1, TradeConfirmedV1
from backend.core.principal import DataScope, Grant, Principal, UserKind


def partner_approved(
    tenant_id: uuid.UUID, partner_id: uuid.UUID, limit: str | None = "1000000", **overrides: Any
) -> PartnerApprovedV1:
    fields: dict[str, Any] = {
        "tenant_id": tenant_id,
        "partner_id": partner_id,
        "partner_code": f"P-{partner_id.hex[:6]}",
        "approved_by": uuid.uuid4(),
        "kyc_expires_on": date(2030, 1, 1),
        "risk_score": 72,
        "risk_category": "low",
        "recommended_credit_limit": None if limit is None else Decimal(limit),
        "currency": "INR",
    }
    return PartnerApprovedV1(**{**fields, **overrides})


def limit_amended(tenant_id: uuid.UUID, partner_id: uuid.UUID, limit: str, **overrides: Any) -> AmendmentApprovedV1:
    fields: dict[str, Any] = {
        "tenant_id": tenant_id,
        "partner_id": partner_id,
        "partner_code": f"P-{partner_id.hex[:6]}",
        "amendment_id": uuid.uuid4(),
        "kind": "credit_limit_change",
        "requested_by": uuid.uuid4(),
        "approved_by": uuid.uuid4(),
        "old_value": None,
        "new_value": {"amount": limit, "currency": "INR"},
        "credit_limit": Decimal(limit),
        "currency": "INR",
    }
    return AmendmentApprovedV1(**{**fields, **overrides})


def trade_confirmed(
    tenant_id: uuid.UUID,
    buyer: uuid.UUID,
    seller: uuid.UUID,
    commodity_id: uuid.UUID,
    *,
    amount: str = "100000",
    gst: str = "5000",
    quantity: str = "1700",
    branch_id: uuid.UUID | None = None,
    **overrides: Any,
) -> TradeConfirmedV1:
    """An intra-state trade: ``gst`` split evenly into CGST and SGST; ``branch_id`` holds both parties."""
    half = Decimal(gst) / 2
    fields: dict[str, Any] = {
        "trade_id": uuid.uuid4(),
        "tenant_id": tenant_id,
        "trade_number": f"TR-2026-{uuid.uuid4().int % 10**6:06d}",
        "buyer_partner_id": buyer,
        "seller_partner_id": seller,
        "commodity_id": commodity_id,
        "quantity": Decimal(quantity),
        "unit": "KG",
        "price": Decimal(amount) / Decimal(quantity),
        "currency": "INR",
        "amount": Decimal(amount),
        "cgst": half,
        "sgst": half,
        "igst": Decimal(0),
        "branch_id": branch_id,
        "buyer_branch_id": branch_id,
        "seller_branch_id": branch_id,
    }
    return TradeConfirmedV1(**{**fields, **overrides})


def trade_cancelled(confirmed: TradeConfirmedV1) -> TradeCancelledV1:
    return TradeCancelledV1(
        trade_id=confirmed.trade_id,
        tenant_id=confirmed.tenant_id,
        trade_number=confirmed.trade_number,
        cancelled_by=uuid.uuid4(),
        reason="buyer withdrew",
    )


def trade_amended(
    confirmed: TradeConfirmedV1, *, amount: str, gst: str, quantity: str, terms_version: int = 2, **overrides: Any
) -> TradeAmendedV1:
    """``confirmed``'s trade amended to ``amount`` (GST ``gst``, split into CGST and SGST) and ``quantity``."""
    half = Decimal(gst) / 2
    fields: dict[str, Any] = {
        "trade_id": confirmed.trade_id,
        "tenant_id": confirmed.tenant_id,
        "trade_number": confirmed.trade_number,
        "amendment_id": uuid.uuid4(),
        "terms_version": terms_version,
        "fields": ["quantity", "price"],
        "buyer_partner_id": confirmed.buyer_partner_id,
        "seller_partner_id": confirmed.seller_partner_id,
        "commodity_id": confirmed.commodity_id,
        "unit": confirmed.unit,
        "currency": confirmed.currency,
        "price_unit": confirmed.unit,
        "quantity": Decimal(quantity),
        "previous_quantity": confirmed.quantity,
        "price": Decimal(amount) / Decimal(quantity),
        "previous_price": confirmed.price,
        "amount": Decimal(amount),
        "previous_amount": confirmed.amount,
        "cgst": half,
        "sgst": half,
        "igst": Decimal(0),
        "previous_cgst": confirmed.cgst,
        "previous_sgst": confirmed.sgst,
        "previous_igst": confirmed.igst,
    }
    return TradeAmendedV1(**{**fields, **overrides})


RISK_PERMISSIONS = ("risk.read", "risk.request_limit_change", "risk.approve_limit_change")


def staff(
    tenant_id: uuid.UUID,
    *,
    branches: frozenset[uuid.UUID] | None = None,
    commodities: frozenset[uuid.UUID] | None = None,
) -> Principal:
    """A tenant's risk manager (every risk permission; ``risk.read`` limited to ``branches`` and
    ``commodities``)."""
    grants = {code: (Grant(branches, commodities) if code == "risk.read" else Grant(),) for code in RISK_PERMISSIONS}
    return Principal(uuid.uuid4(), UserKind.INTERNAL, tenant_id, grants=grants)


def partner_user(tenant_id: uuid.UUID, partner_id: uuid.UUID) -> Principal:
    return Principal(uuid.uuid4(), UserKind.EXTERNAL, tenant_id, partner_id, grants={"risk.read": (Grant(),)})


def tenant_scope(tenant_id: uuid.UUID) -> DataScope:
    return DataScope(tenant_id)
