"""A party signs the trade's current contract through the provider of the chosen tier.

The signer states the SHA-256 of the PDF it read; it must be the stored one (else 409, nothing
signed). The signature records the tier, the time, the client's IP address and that hash; once both
parties signed, the contract is fully signed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import FieldError
from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.amendment_views import ContractView, contract_view
from backend.modules.trading.application.commands.issue_contract import contract_tools
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.contract_ports import SignatureRequest
from backend.modules.trading.application.deal_access import SIGN, DealNotFound, acting_party, load_trade
from backend.modules.trading.application.errors import DocumentHashMismatch
from backend.modules.trading.domain.enums import SignatureTier
from backend.modules.trading.domain.errors import InvalidTradingInput


@dataclass(frozen=True)
class SignContract:
    trade_id: uuid.UUID
    tier: SignatureTier
    document_sha256: str
    signer_name: str
    ip_address: str
    acting_for_partner_id: uuid.UUID | None = None


async def sign_contract(command: SignContract, actor: Principal, ctx: TradingContext) -> ContractView:
    tools, scope = contract_tools(ctx), tenant_scope(actor)
    provider = tools.signers.get(command.tier)
    if provider is None:
        raise InvalidTradingInput([FieldError("tier", f"no signature provider for tier {command.tier} is set up")])
    async with tools.uow(scope) as uow:
        trade = await load_trade(uow, command.trade_id, actor, permission=SIGN)
        trade.ensure_contract_may_change("signed")
        by = acting_party(actor, command.acting_for_partner_id)
        stored = await uow.contracts.current(trade.id, for_update=True)
        if stored is None:
            raise DealNotFound("contract of trade", trade.number)
        contract = stored.contract
        if command.document_sha256.strip().lower() != contract.sha256:
            raise DocumentHashMismatch(contract.sha256)
        now = ctx.now()
        evidence = await provider.sign(
            SignatureRequest(
                contract_id=contract.id,
                document_sha256=contract.sha256,
                partner_id=by,
                signer_user_id=actor.user_id,
                signer_name=command.signer_name,
                signed_at=now,
                ip_address=command.ip_address,
            )
        )
        contract.sign(
            partner_id=by,
            signed_by=actor.user_id,
            tier=command.tier,
            signed_at=now,
            ip_address=command.ip_address,
            document_sha256=command.document_sha256,
            evidence=evidence,
        )
        await uow.contracts.save(contract)
        await uow.commit()
    return contract_view(contract, stored.template)
