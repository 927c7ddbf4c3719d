"""Trade capabilities: what a partner may trade, derived from verified documents only."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from backend.core.errors import FieldError
from backend.modules.partners.domain.enums import DocumentType, EntityClass, PartnerStatus, TradeRole
from backend.modules.partners.domain.errors import InvalidPartnerInput
from backend.modules.partners.domain.parts import Document

INDIA = "IN"


class Capability(StrEnum):
    DOMESTIC_BUY = "domestic_buy"  # buy within the home country
    DOMESTIC_SELL = "domestic_sell"
    IMPORT = "import"
    EXPORT = "export"


@dataclass(frozen=True)
class CapabilityOverride:
    """A tenant admin's decision that replaces the derived capabilities; the reason is kept."""

    capabilities: frozenset[Capability]
    reason: str
    overridden_by: uuid.UUID
    overridden_at: datetime

    def __post_init__(self) -> None:
        if not 10 <= len(self.reason.strip()) <= 500:
            raise InvalidPartnerInput([FieldError("reason", "an override needs a reason of 10 to 500 characters")])


@dataclass(frozen=True)
class TradeCapabilities:
    """``home_country`` is where "domestic" applies; ``reasons`` say why a capability is missing."""

    home_country: str
    capabilities: frozenset[Capability]
    reasons: tuple[str, ...] = ()
    overridden: bool = False

    def allows(self, capability: Capability) -> bool:
        return capability in self.capabilities

    def may_trade_domestically_in(self, country: str, *, buying: bool) -> bool:
        wanted = Capability.DOMESTIC_BUY if buying else Capability.DOMESTIC_SELL
        return country == self.home_country and wanted in self.capabilities


@dataclass(frozen=True)
class CapabilityFacts:
    country: str
    entity_class: EntityClass
    trade_role: TradeRole
    status: PartnerStatus
    documents: tuple[Document, ...]


def _verified(documents: Iterable[Document], kind: DocumentType, today: date, country: str | None = None) -> bool:
    return any(
        d.type is kind and d.valid_on(today) and (country is None or d.country in (None, country)) for d in documents
    )


def _by_role(role: TradeRole, buy: Capability, sell: Capability) -> set[Capability]:
    return ({buy} if role.buys else set()) | ({sell} if role.sells else set())


def derive_capabilities(facts: CapabilityFacts, today: date) -> TradeCapabilities:
    if facts.status is not PartnerStatus.APPROVED:
        return TradeCapabilities(facts.country, frozenset(), (f"partner is {facts.status.value}, not approved",))
    if facts.entity_class is EntityClass.SERVICE_PROVIDER:
        return TradeCapabilities(facts.country, frozenset(), ("service providers do not trade",))
    docs = facts.documents
    granted: set[Capability] = set()
    reasons: list[str] = []
    if facts.country == INDIA:
        has_gst = _verified(docs, DocumentType.GST_CERTIFICATE, today)
        has_pan = _verified(docs, DocumentType.PAN_CARD, today)
        if not (has_gst and has_pan):
            reasons.append("domestic trade needs a verified GST certificate and a verified PAN card")
            return TradeCapabilities(facts.country, frozenset(), tuple(reasons))
        granted |= _by_role(facts.trade_role, Capability.DOMESTIC_BUY, Capability.DOMESTIC_SELL)
        if _verified(docs, DocumentType.IEC, today):
            granted |= _by_role(facts.trade_role, Capability.IMPORT, Capability.EXPORT)
        else:
            reasons.append("import and export need a verified IEC")
    else:
        if not _verified(docs, DocumentType.FOREIGN_TAX_REGISTRATION, today, facts.country):
            reasons.append(f"trade needs a verified tax registration of {facts.country}")
            return TradeCapabilities(facts.country, frozenset(), tuple(reasons))
        # domestic means the partner's own country, never India
        granted |= _by_role(facts.trade_role, Capability.DOMESTIC_BUY, Capability.DOMESTIC_SELL)
        if _verified(docs, DocumentType.IMPORT_EXPORT_LICENCE, today, facts.country):
            granted |= _by_role(facts.trade_role, Capability.IMPORT, Capability.EXPORT)
        else:
            reasons.append(f"import and export need a verified import/export licence of {facts.country}")
    return TradeCapabilities(facts.country, frozenset(granted), tuple(reasons))


def effective_capabilities(
    facts: CapabilityFacts, today: date, override: CapabilityOverride | None
) -> TradeCapabilities:
    """The override wins over what documents grant, but never lets a non-approved partner or a service
    provider trade."""
    derived = derive_capabilities(facts, today)
    if (
        override is None
        or facts.status is not PartnerStatus.APPROVED
        or facts.entity_class is EntityClass.SERVICE_PROVIDER
    ):
        return derived
    return TradeCapabilities(facts.country, override.capabilities, (f"override: {override.reason}",), overridden=True)
