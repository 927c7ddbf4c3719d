"""The contract document of a trade: its SHA-256 and the parties' signatures.

Rendering (template per commodity, HTML and PDF) and the e-sign/DSC providers are infrastructure;
here a contract is the hash of the rendered bytes plus who signed that exact hash, how and from
where. Once anyone signed, the document cannot change: an amendment issues the next version and the
old one is superseded.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from backend.core.clock import utc_now
from backend.core.domain import AggregateRoot
from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.modules.trading.domain import events as ev
from backend.modules.trading.domain.enums import ContractStatus, Side, SignatureTier
from backend.modules.trading.domain.errors import AlreadySigned, ContractLocked, NotAParty, check
from backend.modules.trading.domain.trade import Trade

SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def sha256_of(document: bytes) -> str:
    return hashlib.sha256(document).hexdigest()


@dataclass(frozen=True)
class Signature:
    side: Side
    partner_id: uuid.UUID
    signed_by: uuid.UUID  # the user who signed for the partner
    tier: SignatureTier
    signed_at: datetime
    ip_address: str
    document_sha256: str
    evidence: str | None = None  # the provider's reference for e-sign or DSC


def _signature_errors(
    contract: Contract, tier: SignatureTier, signed_at: datetime, ip_address: str, document_sha256: str
) -> list[FieldError]:
    errors: list[FieldError] = []
    if tier.rank < contract.required_tier.rank:
        errors.append(
            FieldError("tier", f"this contract needs a signature of tier {contract.required_tier} or stronger")
        )
    if signed_at.tzinfo is None:
        errors.append(FieldError("signed_at", "the signing time needs its time zone"))
    try:
        ipaddress.ip_address(ip_address.strip())
    except ValueError:
        errors.append(FieldError("ip_address", f"{ip_address!r} is not an IP address"))
    if document_sha256.strip().lower() != contract.sha256:
        errors.append(FieldError("document_sha256", "the signed document is not this contract (its SHA-256 differs)"))
    return errors


@dataclass(eq=False)
class Contract(AggregateRoot):
    id: uuid.UUID
    tenant_id: uuid.UUID
    trade_id: uuid.UUID
    trade_number: str
    buyer_partner_id: uuid.UUID
    seller_partner_id: uuid.UUID
    contract_version: int
    terms_version: int  # the trade terms version the document renders
    sha256: str
    required_tier: SignatureTier = SignatureTier.BASIC
    status: ContractStatus = ContractStatus.DRAFT
    signatures: dict[Side, Signature] = field(default_factory=dict)
    superseded_by: uuid.UUID | None = None
    created_at: datetime = field(default_factory=utc_now)
    version: int = 1
    persisted_version: int = 0

    def __post_init__(self) -> None:
        AggregateRoot.__init__(self)

    @classmethod
    def issue(
        cls,
        *,
        trade: Trade,
        document: bytes,
        required_tier: SignatureTier = SignatureTier.BASIC,
        contract_version: int = 1,
        now: datetime | None = None,
    ) -> Contract:
        if not document:
            check([FieldError("document", "the rendered contract is empty")])
        contract = cls(
            id=new_uuid(),
            tenant_id=trade.tenant_id,
            trade_id=trade.id,
            trade_number=trade.number,
            buyer_partner_id=trade.buyer_partner_id,
            seller_partner_id=trade.seller_partner_id,
            contract_version=contract_version,
            terms_version=trade.terms.version,
            sha256=sha256_of(document),
            required_tier=required_tier,
            created_at=now or utc_now(),
        )
        contract._issued()
        return contract

    def _issued(self) -> None:
        self.record(
            ev.ContractIssued(
                tenant_id=self.tenant_id,
                contract_id=self.id,
                trade_id=self.trade_id,
                contract_version=self.contract_version,
                sha256=self.sha256,
            )
        )

    def _touch(self) -> None:
        if self.version == self.persisted_version:
            self.version += 1

    @property
    def fully_signed(self) -> bool:
        return set(self.signatures) == {Side.BUYER, Side.SELLER}

    def replace_document(self, document: bytes) -> None:
        """Re-render before anyone signed (a template fix); afterwards only an amendment changes it."""
        if self.status is not ContractStatus.DRAFT:
            raise ContractLocked(self.status.value)
        if not document:
            check([FieldError("document", "the rendered contract is empty")])
        self.sha256 = sha256_of(document)
        self._touch()
        self._issued()

    def sign(
        self,
        *,
        partner_id: uuid.UUID,
        signed_by: uuid.UUID,
        tier: SignatureTier,
        signed_at: datetime,
        ip_address: str,
        document_sha256: str,
        evidence: str | None = None,
    ) -> Signature:
        if partner_id == self.buyer_partner_id:
            side = Side.BUYER
        elif partner_id == self.seller_partner_id:
            side = Side.SELLER
        else:
            raise NotAParty("contract", partner_id)
        if self.status is ContractStatus.SUPERSEDED:
            raise ContractLocked(self.status.value)
        if side in self.signatures:
            raise AlreadySigned(side.value)
        check(_signature_errors(self, tier, signed_at, ip_address, document_sha256))
        signature = Signature(
            side=side,
            partner_id=partner_id,
            signed_by=signed_by,
            tier=tier,
            signed_at=signed_at,
            ip_address=str(ipaddress.ip_address(ip_address.strip())),
            document_sha256=self.sha256,
            evidence=evidence,
        )
        self.signatures[side] = signature
        self.status = ContractStatus.SIGNED if self.fully_signed else ContractStatus.PARTIALLY_SIGNED
        self._touch()
        self.record(
            ev.ContractSigned(
                tenant_id=self.tenant_id,
                contract_id=self.id,
                trade_id=self.trade_id,
                side=side.value,
                partner_id=partner_id,
                tier=tier.value,
                fully_signed=self.fully_signed,
            )
        )
        return signature

    def amend(self, *, trade: Trade, document: bytes, now: datetime | None = None) -> Contract:
        """The next version for the trade's amended terms; this one is superseded and stays as it was signed."""
        if self.status is ContractStatus.SUPERSEDED:
            raise ContractLocked(self.status.value)
        successor = Contract.issue(
            trade=trade,
            document=document,
            required_tier=self.required_tier,
            contract_version=self.contract_version + 1,
            now=now,
        )
        self.status, self.superseded_by = ContractStatus.SUPERSEDED, successor.id
        self._touch()
        return successor
