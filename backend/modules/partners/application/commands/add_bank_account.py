"""Add a bank account (IFSC in India, SWIFT/IBAN elsewhere) to an editable partner."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import UPDATE
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.editing import change_partner
from backend.modules.partners.application.inputs import BankAccountInput
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner


@dataclass(frozen=True)
class AddBankAccount:
    partner_id: uuid.UUID
    account: BankAccountInput


async def add_bank_account(command: AddBankAccount, actor: Principal, ctx: PartnersContext) -> PartnerView:
    async def add(partner: Partner, uow: PartnersUnitOfWork) -> None:
        partner.add_bank_account(command.account.build())

    return await change_partner(command.partner_id, actor, ctx, UPDATE, add)
