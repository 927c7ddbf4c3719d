"""Contracts and their signatures on PostgreSQL, with the rendered documents.

A contract row's documents are written once (at issue, or when a draft is re-rendered); signatures
are only ever added. Saves compare the version the contract was loaded at.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import insert, select

from backend.modules.trading.application.contract_ports import RenderedContract, StoredContract
from backend.modules.trading.domain.contract import Contract, Signature
from backend.modules.trading.domain.enums import ContractStatus, Side, SignatureTier
from backend.modules.trading.infrastructure.contract_tables import contract_signatures, contracts
from backend.modules.trading.infrastructure.repositories import _Base

META = [c for c in contracts.c if c.name not in ("html", "pdf")]


def _row(c: Contract) -> dict[str, Any]:
    return {
        "id": c.id,
        "tenant_id": c.tenant_id,
        "trade_id": c.trade_id,
        "trade_number": c.trade_number,
        "buyer_partner_id": c.buyer_partner_id,
        "seller_partner_id": c.seller_partner_id,
        "contract_version": c.contract_version,
        "terms_version": c.terms_version,
        "status": c.status.value,
        "required_tier": c.required_tier.value,
        "sha256": c.sha256,
        "superseded_by": c.superseded_by,
        "created_at": c.created_at,
        "version": c.version,
    }


def _documents(rendered: RenderedContract) -> dict[str, Any]:
    return {"template": rendered.template, "html": rendered.html, "pdf": rendered.pdf}


def _signature_row(c: Contract, s: Signature) -> dict[str, Any]:
    return {
        "tenant_id": c.tenant_id,
        "contract_id": c.id,
        "side": s.side.value,
        "buyer_partner_id": c.buyer_partner_id,
        "seller_partner_id": c.seller_partner_id,
        "partner_id": s.partner_id,
        "signer_user_id": s.signed_by,
        "tier": s.tier.value,
        "signed_at": s.signed_at,
        "ip_address": s.ip_address,
        "document_sha256": s.document_sha256,
        "evidence": s.evidence,
    }


def _signature_of(row: Any) -> Signature:
    return Signature(
        side=Side(row.side),
        partner_id=row.partner_id,
        signed_by=row.signer_user_id,
        tier=SignatureTier(row.tier),
        signed_at=row.signed_at,
        ip_address=row.ip_address,
        document_sha256=row.document_sha256,
        evidence=row.evidence,
    )


def _contract_of(row: Any, signatures: list[Any]) -> Contract:
    return Contract(
        id=row.id,
        tenant_id=row.tenant_id,
        trade_id=row.trade_id,
        trade_number=row.trade_number,
        buyer_partner_id=row.buyer_partner_id,
        seller_partner_id=row.seller_partner_id,
        contract_version=row.contract_version,
        terms_version=row.terms_version,
        sha256=row.sha256,
        required_tier=SignatureTier(row.required_tier),
        status=ContractStatus(row.status),
        signatures={Side(s.side): _signature_of(s) for s in signatures},
        superseded_by=row.superseded_by,
        created_at=row.created_at,
        version=row.version,
        persisted_version=row.version,
    )


class SqlContractRepository(_Base):
    table = contracts

    async def _signatures(self, ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
        grouped: dict[uuid.UUID, list[Any]] = {}
        if ids:
            rows = await self._rows(select(contract_signatures).where(contract_signatures.c.contract_id.in_(ids)))
            for row in rows:
                grouped.setdefault(row.contract_id, []).append(row)
        return grouped

    async def add(self, contract: Contract, rendered: RenderedContract) -> None:
        await self._insert({**_row(contract), **_documents(rendered)})
        contract.persisted_version = contract.version
        self._track(contract)

    async def current(self, trade_id: uuid.UUID, *, for_update: bool = False) -> StoredContract | None:
        statement = select(contracts).where(
            self._tenant(), contracts.c.trade_id == trade_id, contracts.c.status != ContractStatus.SUPERSEDED.value
        )
        rows = await self._rows(statement.with_for_update() if for_update else statement)
        if not rows:
            return None
        row = rows[0]
        contract = _contract_of(row, (await self._signatures([row.id])).get(row.id, []))
        self._track(contract)
        return StoredContract(contract, row.template, row.html, row.pdf)

    async def versions(self, trade_id: uuid.UUID) -> list[Contract]:
        statement = (
            select(*META).where(self._tenant(), contracts.c.trade_id == trade_id).order_by(contracts.c.contract_version)
        )
        rows = await self._rows(statement)
        signatures = await self._signatures([row.id for row in rows])
        return [_contract_of(row, signatures.get(row.id, [])) for row in rows]

    async def save(self, contract: Contract, rendered: RenderedContract | None = None) -> None:
        row = _row(contract) | (_documents(rendered) if rendered is not None else {})
        await self._update(contract.id, contract.persisted_version, row, "contract")
        stored = set(
            (
                await self._session.execute(
                    select(contract_signatures.c.side).where(contract_signatures.c.contract_id == contract.id)
                )
            ).scalars()
        )
        for side, signature in contract.signatures.items():
            if side.value not in stored:
                await self._session.execute(insert(contract_signatures).values(**_signature_row(contract, signature)))
        contract.persisted_version = contract.version
