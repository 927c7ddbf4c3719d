"""What the amendment and contract use cases answer: plain snapshots, never the aggregates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from backend.modules.trading.domain.contract import Contract, Signature
from backend.modules.trading.domain.locations import AddressSnapshot
from backend.modules.trading.domain.trade import Trade
from backend.modules.trading.domain.trade_terms import TradeAmendment, TradeTerms


@dataclass(frozen=True)
class TermsVersionView:
    version: int
    quantity: Decimal
    price: Decimal
    currency: str
    price_unit: str
    amount: Decimal
    tax_regime: str
    cgst: Decimal
    sgst: Decimal
    igst: Decimal
    total: Decimal
    delivery_date: date | None
    ship_to: AddressSnapshot
    bill_to: AddressSnapshot
    ship_from: AddressSnapshot
    effective_at: datetime
    amendment_id: uuid.UUID | None


@dataclass(frozen=True)
class AmendmentChangesView:
    quantity: Decimal | None
    price: Decimal | None
    delivery_date: date | None
    ship_to: AddressSnapshot | None
    bill_to: AddressSnapshot | None
    ship_from: AddressSnapshot | None


@dataclass(frozen=True)
class AmendmentView:
    id: uuid.UUID
    trade_id: uuid.UUID
    requested_by: str
    fields: tuple[str, ...]
    changes: AmendmentChangesView
    reason: str
    requested_at: datetime
    status: str
    decided_at: datetime | None
    decision_reason: str | None
    terms_version: int | None


@dataclass(frozen=True)
class TradeVersionsView:
    trade_id: uuid.UUID
    number: str
    terms_version: int
    versions: tuple[TermsVersionView, ...]
    amendments: tuple[AmendmentView, ...]


def terms_version_view(terms: TradeTerms) -> TermsVersionView:
    return TermsVersionView(
        version=terms.version,
        quantity=terms.quantity,
        price=terms.price.amount,
        currency=terms.price.currency,
        price_unit=terms.price.unit,
        amount=terms.amount,
        tax_regime=terms.tax.regime,
        cgst=terms.tax.cgst,
        sgst=terms.tax.sgst,
        igst=terms.tax.igst,
        total=terms.total,
        delivery_date=terms.delivery_date,
        ship_to=terms.ship_to,
        bill_to=terms.bill_to,
        ship_from=terms.ship_from,
        effective_at=terms.effective_at,
        amendment_id=terms.amendment_id,
    )


def amendment_view(trade: Trade, a: TradeAmendment) -> AmendmentView:
    c = a.changes
    return AmendmentView(
        id=a.id,
        trade_id=trade.id,
        requested_by=a.requested_by.value,
        fields=a.fields,
        changes=AmendmentChangesView(c.quantity, c.price, c.delivery_date, c.ship_to, c.bill_to, c.ship_from),
        reason=a.reason,
        requested_at=a.requested_at,
        status=a.status.value,
        decided_at=a.decided_at,
        decision_reason=a.decision_reason,
        terms_version=a.terms_version,
    )


def versions_view(trade: Trade) -> TradeVersionsView:
    return TradeVersionsView(
        trade_id=trade.id,
        number=trade.number,
        terms_version=trade.terms.version,
        versions=tuple(terms_version_view(terms) for terms in trade.history),
        amendments=tuple(amendment_view(trade, a) for a in trade.amendments),
    )


@dataclass(frozen=True)
class SignatureView:
    side: str
    partner_id: uuid.UUID
    signer_user_id: uuid.UUID
    tier: str
    signed_at: datetime
    ip_address: str
    document_sha256: str
    evidence: str | None


@dataclass(frozen=True)
class ContractView:
    id: uuid.UUID
    trade_id: uuid.UUID
    trade_number: str
    contract_version: int
    terms_version: int
    status: str
    required_tier: str
    template: str | None
    sha256: str
    fully_signed: bool
    signatures: tuple[SignatureView, ...]
    superseded_by: uuid.UUID | None
    created_at: datetime
    previous_versions: tuple[uuid.UUID, ...] = ()


@dataclass(frozen=True)
class ContractBytesView:
    contract_id: uuid.UUID
    media_type: str
    content: bytes
    sha256: str  # of ``content``, hex


def _signature_view(s: Signature) -> SignatureView:
    return SignatureView(
        side=s.side.value,
        partner_id=s.partner_id,
        signer_user_id=s.signed_by,
        tier=s.tier.value,
        signed_at=s.signed_at,
        ip_address=s.ip_address,
        document_sha256=s.document_sha256,
        evidence=s.evidence,
    )


def contract_view(c: Contract, template: str | None, previous: tuple[uuid.UUID, ...] = ()) -> ContractView:
    return ContractView(
        id=c.id,
        trade_id=c.trade_id,
        trade_number=c.trade_number,
        contract_version=c.contract_version,
        terms_version=c.terms_version,
        status=c.status.value,
        required_tier=c.required_tier.value,
        template=template,
        sha256=c.sha256,
        fully_signed=c.fully_signed,
        signatures=tuple(_signature_view(s) for _, s in sorted(c.signatures.items())),
        superseded_by=c.superseded_by,
        created_at=c.created_at,
        previous_versions=previous,
    )
