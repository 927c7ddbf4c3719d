"""The closed vocabularies of the partners context."""

from __future__ import annotations

from enum import StrEnum


class EntityClass(StrEnum):
    BUSINESS_ENTITY = "business_entity"  # may trade
    SERVICE_PROVIDER = "service_provider"  # supports trades, never a counterparty


class ServiceProviderKind(StrEnum):
    BROKER = "broker"
    SUB_BROKER = "sub_broker"
    TRANSPORTER = "transporter"
    INSPECTION_AGENCY = "inspection_agency"
    FINANCER = "financer"
    WAREHOUSE = "warehouse"
    SHIPPING_AGENT = "shipping_agent"


class LegalForm(StrEnum):
    PROPRIETORSHIP = "proprietorship"
    PARTNERSHIP = "partnership"
    LLP = "llp"
    PRIVATE_LIMITED = "private_limited"
    PUBLIC_LIMITED = "public_limited"
    LLC = "llc"
    CORPORATION = "corporation"
    TRUST = "trust"
    SOCIETY = "society"
    FOREIGN_ENTITY = "foreign_entity"


class TradeRole(StrEnum):
    BUYER = "buyer"
    SELLER = "seller"
    BOTH = "both"

    @property
    def buys(self) -> bool:
        return self in (TradeRole.BUYER, TradeRole.BOTH)

    @property
    def sells(self) -> bool:
        return self in (TradeRole.SELLER, TradeRole.BOTH)


class PartnerStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PENDING_REVIEW = "pending_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    INFO_REQUESTED = "info_requested"
    SUSPENDED = "suspended"
    INACTIVE = "inactive"


class KycStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    EXPIRED = "expired"


class RiskCategory(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class TaxKind(StrEnum):
    GSTIN = "gstin"
    EIN = "ein"
    VAT = "vat"
    OTHER = "other"


class LocationKind(StrEnum):
    HEAD_OFFICE = "head_office"
    BRANCH = "branch"
    WAREHOUSE = "warehouse"
    FACTORY = "factory"
    SHIP_TO = "ship_to"
    BILL_TO = "bill_to"
    PORT = "port"


class DocumentType(StrEnum):
    GST_CERTIFICATE = "gst_certificate"
    PAN_CARD = "pan_card"
    IEC = "iec"
    CANCELLED_CHEQUE = "cancelled_cheque"
    INCORPORATION_CERTIFICATE = "incorporation_certificate"
    FOREIGN_TAX_REGISTRATION = "foreign_tax_registration"
    IMPORT_EXPORT_LICENCE = "import_export_licence"


# draft -> submitted -> (pending_review ->) approved | rejected | info_requested; info_requested -> submitted;
# approved <-> suspended; anything still alive may be retired to inactive, which is final.
TRANSITIONS: dict[PartnerStatus, frozenset[PartnerStatus]] = {
    PartnerStatus.DRAFT: frozenset({PartnerStatus.SUBMITTED, PartnerStatus.INACTIVE}),
    PartnerStatus.SUBMITTED: frozenset(
        {PartnerStatus.PENDING_REVIEW, PartnerStatus.APPROVED, PartnerStatus.REJECTED, PartnerStatus.INFO_REQUESTED}
    ),
    PartnerStatus.PENDING_REVIEW: frozenset(
        {PartnerStatus.APPROVED, PartnerStatus.REJECTED, PartnerStatus.INFO_REQUESTED}
    ),
    PartnerStatus.INFO_REQUESTED: frozenset({PartnerStatus.SUBMITTED, PartnerStatus.INACTIVE}),
    PartnerStatus.APPROVED: frozenset({PartnerStatus.SUSPENDED, PartnerStatus.INACTIVE}),
    PartnerStatus.SUSPENDED: frozenset({PartnerStatus.APPROVED, PartnerStatus.INACTIVE}),
    PartnerStatus.REJECTED: frozenset({PartnerStatus.INACTIVE}),
    PartnerStatus.INACTIVE: frozenset(),
}
EDITABLE = frozenset({PartnerStatus.DRAFT, PartnerStatus.INFO_REQUESTED})
