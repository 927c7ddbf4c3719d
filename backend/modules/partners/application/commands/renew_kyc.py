"""Renew a partner's KYC once its documents were verified again.

Renewal opens 90 days before expiry (the first reminder) and stays open after it lapsed. The
documents that ground the partner's trade (GST certificate and PAN card in India, the foreign tax
registration elsewhere) must each have a copy valid today and verified since the window opened.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from backend.core.principal import Principal
from backend.modules.partners.application.access import VERIFY_DOCUMENTS
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.errors import KycRenewalRefused
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.capabilities import INDIA
from backend.modules.partners.domain.enums import DocumentType
from backend.modules.partners.domain.kyc import REMINDER_DAYS
from backend.modules.partners.domain.partner import Partner

RENEWAL_WINDOW = timedelta(days=max(REMINDER_DAYS))


@dataclass(frozen=True)
class RenewKyc:
    partner_id: uuid.UUID


def required_documents(partner: Partner) -> tuple[DocumentType, ...]:
    if partner.profile.country == INDIA:
        return (DocumentType.GST_CERTIFICATE, DocumentType.PAN_CARD)
    return (DocumentType.FOREIGN_TAX_REGISTRATION,)


def missing_documents(partner: Partner, opened_on: date, today: date) -> list[DocumentType]:
    def reverified(kind: DocumentType) -> bool:
        return any(
            d.type is kind and d.valid_on(today) and d.verified_at is not None and d.verified_at.date() >= opened_on
            for d in partner.documents
        )

    return [kind for kind in required_documents(partner) if not reverified(kind)]


async def renew_kyc(command: RenewKyc, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def renew(partner: Partner, uow: PartnersUnitOfWork) -> None:
        today = ctx.today()
        if partner.kyc_expires_on is None:
            raise KycRenewalRefused(f"partner {partner.code} has no KYC to renew; it is {partner.status.value}")
        opened_on = partner.kyc_expires_on - RENEWAL_WINDOW
        if today < opened_on:
            raise KycRenewalRefused(
                f"the KYC of partner {partner.code} runs until {partner.kyc_expires_on}; renewal opens on {opened_on}",
                extra={"kyc_expires_on": partner.kyc_expires_on.isoformat(), "opens_on": opened_on.isoformat()},
            )
        if missing := missing_documents(partner, opened_on, today):
            names = ", ".join(kind.value for kind in missing)
            raise KycRenewalRefused(
                f"verify a current copy of {names} (verified on or after {opened_on}) before renewing the KYC",
                extra={"missing_documents": [kind.value for kind in missing]},
            )
        settings = await ctx.settings.for_tenant(partner.tenant_id)
        partner.renew_kyc(today, settings.approval_policy, by=actor.user_id)

    return await change_partner(command.partner_id, actor, ctx, VERIFY_DOCUMENTS, renew, internal_only="renew KYC")
