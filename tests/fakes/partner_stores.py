"""What the in-memory partners fake shares: the committed stores and the scope rule standing in for
row-level security."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from backend.core.principal import DataScope
from backend.modules.partners.application.ports import PartnerSummary, VerificationEvidence
from backend.modules.partners.domain.amendments import Amendment
from backend.modules.partners.domain.partner import Partner


@dataclass
class PartnerStores:
    """The committed state: what the partners schema holds."""

    partners: dict[uuid.UUID, Partner] = field(default_factory=dict)
    amendments: dict[uuid.UUID, Amendment] = field(default_factory=dict)
    evidence: list[tuple[uuid.UUID, VerificationEvidence]] = field(default_factory=list)  # (tenant, evidence)
    contents: dict[uuid.UUID, tuple[uuid.UUID, str, bytes]] = field(default_factory=dict)  # doc -> partner, type, bytes
    reminders: set[tuple[uuid.UUID, date, int]] = field(default_factory=set)
    sequences: dict[tuple[uuid.UUID, str], int] = field(default_factory=dict)  # (tenant, country) -> last number


def sees(scope: DataScope, partner: Partner | None) -> bool:
    """Row-level security: the scope's tenant and, for a partner user, only its own partner."""
    if partner is None:
        return False
    if scope.platform:
        return True
    return partner.tenant_id == scope.tenant_id and scope.partner_id in (None, partner.id)


def summary_of(partner: Partner) -> PartnerSummary:
    """The columns a list reads of a stored partner, as ``SqlPartnerRepository`` selects them."""
    profile = partner.profile
    return PartnerSummary(
        id=partner.id,
        code=partner.code,
        legal_name=profile.legal_name,
        trade_name=profile.trade_name,
        country=profile.country,
        entity_class=profile.entity_class,
        trade_role=profile.trade_role,
        status=partner.status,
        kyc_status=partner.kyc_status,
        kyc_expires_on=partner.kyc_expires_on,
        risk_score=partner.risk_score,
        risk_category=partner.risk_category,
        branch_id=partner.branch_id,
        version=partner.version,
    )
