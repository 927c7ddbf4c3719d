"""What the contract use cases need: a renderer for the document, signature providers per tier, and
storage for contracts with their bytes (adapters in infrastructure, wired by the composition root)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from backend.core.principal import DataScope
from backend.modules.trading.application.ports import TradingUnitOfWork
from backend.modules.trading.domain.contract import Contract
from backend.modules.trading.domain.enums import SignatureTier
from backend.modules.trading.domain.locations import AddressSnapshot


@dataclass(frozen=True)
class ContractParty:
    partner_id: uuid.UUID
    code: str | None
    legal_name: str | None


@dataclass(frozen=True)
class ContractDocument:
    """Everything a contract template may show: the trade's frozen terms and address snapshots."""

    trade_number: str
    contract_version: int
    terms_version: int
    commodity_code: str
    buyer: ContractParty
    seller: ContractParty
    quantity: Decimal
    unit: str
    price: Decimal
    price_unit: str
    currency: str
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
    booked_at: datetime
    effective_at: datetime  # of the terms version; the PDF's creation date, so rendering is repeatable


@dataclass(frozen=True)
class RenderedContract:
    template: str  # the template file used
    html: str
    pdf: bytes  # what is hashed and signed


class ContractRenderer(Protocol):
    def render(self, document: ContractDocument) -> RenderedContract:
        """The same document always renders to the same bytes."""


@dataclass(frozen=True)
class SignatureRequest:
    contract_id: uuid.UUID
    document_sha256: str
    partner_id: uuid.UUID
    signer_user_id: uuid.UUID
    signer_name: str
    signed_at: datetime
    ip_address: str


class SignatureProvider(Protocol):
    tier: SignatureTier

    async def sign(self, request: SignatureRequest) -> str:
        """Carry out the signature of the tier; the provider's evidence (a reference to keep)."""


@dataclass(frozen=True)
class StoredContract:
    contract: Contract
    template: str
    html: str
    pdf: bytes


class ContractRepository(Protocol):
    async def add(self, contract: Contract, rendered: RenderedContract) -> None: ...

    async def current(self, trade_id: uuid.UUID, *, for_update: bool = False) -> StoredContract | None:
        """The trade's contract that is not superseded, with its document."""

    async def versions(self, trade_id: uuid.UUID) -> list[Contract]:
        """Every version, oldest first (without the documents)."""

    async def save(self, contract: Contract, rendered: RenderedContract | None = None) -> None:
        """Store status, signatures and supersession; ``rendered`` replaces a draft's document."""


class ContractUnitOfWork(TradingUnitOfWork, Protocol):
    @property
    def contracts(self) -> ContractRepository: ...


@dataclass(frozen=True)
class ContractTools:
    """Contracts need their own unit of work (trades plus contracts), a renderer and the signers."""

    uow: Callable[[DataScope], ContractUnitOfWork]
    renderer: ContractRenderer
    signers: Mapping[SignatureTier, SignatureProvider]
    required_tier: SignatureTier = SignatureTier.BASIC
