"""A trade's current contract: its metadata and signatures, or its bytes (PDF or HTML)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Literal

from backend.core.principal import Principal
from backend.modules.trading.application.amendment_views import (
    ContractBytesView,
    ContractView,
    contract_view,
)
from backend.modules.trading.application.commands.issue_contract import contract_tools
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.contract_ports import ContractUnitOfWork, StoredContract
from backend.modules.trading.application.deal_access import DealNotFound, load_trade


@dataclass(frozen=True)
class GetContract:
    trade_id: uuid.UUID


@dataclass(frozen=True)
class GetContractDocument:
    trade_id: uuid.UUID
    kind: Literal["pdf", "html"]


async def _current(uow: ContractUnitOfWork, trade_id: uuid.UUID, actor: Principal) -> StoredContract:
    trade = await load_trade(uow, trade_id, actor)
    stored = await uow.contracts.current(trade.id)
    if stored is None:
        raise DealNotFound("contract of trade", trade.number)
    return stored


async def get_contract(query: GetContract, actor: Principal, ctx: TradingContext) -> ContractView:
    async with contract_tools(ctx).uow(actor.data_scope) as uow:
        stored = await _current(uow, query.trade_id, actor)
        versions = await uow.contracts.versions(query.trade_id)
    previous = tuple(c.id for c in versions if c.id != stored.contract.id)
    return contract_view(stored.contract, stored.template, previous)


async def get_contract_document(query: GetContractDocument, actor: Principal, ctx: TradingContext) -> ContractBytesView:
    async with contract_tools(ctx).uow(actor.data_scope) as uow:
        stored = await _current(uow, query.trade_id, actor)
    if query.kind == "pdf":
        return ContractBytesView(stored.contract.id, "application/pdf", stored.pdf, stored.contract.sha256)
    content = stored.html.encode()
    return ContractBytesView(
        stored.contract.id, "text/html; charset=utf-8", content, hashlib.sha256(content).hexdigest()
    )
