"""Render a trade's contract (HTML and the PDF that is signed) from its current terms and store it.

The first call issues version 1. Later calls re-render the current version: the same terms give the
same bytes, so nothing changes; a draft whose rendering changed (a template fix) gets the new
document; a contract anyone signed cannot change (409) — only an approved amendment issues the next
version.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.trading.application.access import tenant_scope
from backend.modules.trading.application.amendment_views import ContractView, contract_view
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.contract_documents import prerender, render_under_lock
from backend.modules.trading.application.contract_ports import ContractTools, StoredContract
from backend.modules.trading.application.deal_access import SIGN, load_trade
from backend.modules.trading.application.errors import ContractsNotConfigured
from backend.modules.trading.domain.contract import Contract, sha256_of


@dataclass(frozen=True)
class IssueContract:
    trade_id: uuid.UUID


def contract_tools(ctx: TradingContext) -> ContractTools:
    if ctx.contracts is None:
        raise ContractsNotConfigured("contracts need a renderer and signature providers; none is wired")
    return ctx.contracts


def _version_to_issue(current: StoredContract | None) -> int:
    return 1 if current is None else current.contract.contract_version


async def issue_contract(command: IssueContract, actor: Principal, ctx: TradingContext) -> tuple[ContractView, bool]:
    """The contract and whether it was issued just now."""
    tools, scope = contract_tools(ctx), tenant_scope(actor)
    async with tools.uow(scope) as uow:  # an unlocked read: the document is rendered with no lock held
        trade = await load_trade(uow, command.trade_id, actor, permission=SIGN)
        trade.ensure_contract_may_change("contract issued")
        version = _version_to_issue(await uow.contracts.current(trade.id))
    early = await prerender(ctx, tools, scope, trade, version)
    async with tools.uow(scope) as uow:
        trade = await load_trade(uow, command.trade_id, actor, permission=SIGN, for_update=True)
        trade.ensure_contract_may_change("contract issued")
        current = await uow.contracts.current(trade.id, for_update=True)
        version = _version_to_issue(current)
        rendered = await render_under_lock(ctx, tools, scope, trade, version, early)
        if current is None:
            contract = Contract.issue(
                trade=trade, document=rendered.pdf, required_tier=tools.required_tier, now=ctx.now()
            )
            await uow.contracts.add(contract, rendered)
        else:
            contract = current.contract
            if sha256_of(rendered.pdf) != contract.sha256:
                contract.replace_document(rendered.pdf)  # 409 once anyone signed
                await uow.contracts.save(contract, rendered)
        await uow.commit()
    return contract_view(contract, rendered.template), current is None
