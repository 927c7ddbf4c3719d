"""``/api/v1/trades/{id}/contract``: the trade's contract document (issued from a template per
commodity, HTML and PDF, the PDF's SHA-256 stored) and the parties' signatures on it."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request, Response, status

from backend.api.deps import require
from backend.api.identity.mapping import read
from backend.api.trading import permissions as p
from backend.api.trading.amendment_schemas import ContractRead, SignatureCreate
from backend.api.trading.routes import Trading
from backend.core.principal import Principal
from backend.modules.trading.application.commands.issue_contract import IssueContract, issue_contract
from backend.modules.trading.application.commands.sign_contract import SignContract, sign_contract
from backend.modules.trading.application.queries.get_contract import (
    GetContract,
    GetContractDocument,
    get_contract,
    get_contract_document,
)

router = APIRouter(prefix="/api/v1/trades/{trade_id}", tags=["trading"])

Reader = Annotated[Principal, Depends(require(p.READ))]
Signer = Annotated[Principal, Depends(require(p.SIGN))]
UNKNOWN_CLIENT = "0.0.0.0"  # noqa: S104 - recorded, never bound: the ASGI server named no client


@router.post("/contract", response_model=ContractRead)
async def issue(trade_id: uuid.UUID, actor: Signer, ctx: Trading, response: Response) -> ContractRead:
    view, created = await issue_contract(IssueContract(trade_id), actor, ctx)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/trades/{trade_id}/contract"
    return read(ContractRead, view)


@router.get("/contract", response_model=ContractRead)
async def show(trade_id: uuid.UUID, actor: Reader, ctx: Trading) -> ContractRead:
    return read(ContractRead, await get_contract(GetContract(trade_id), actor, ctx))


async def _download(trade_id: uuid.UUID, kind: Literal["pdf", "html"], actor: Principal, ctx: Trading) -> Response:
    view = await get_contract_document(GetContractDocument(trade_id, kind), actor, ctx)
    # RFC 9530 Repr-Digest (RFC 3230 Digest for older clients): base64 of the raw hash, not the hex
    encoded = base64.b64encode(bytes.fromhex(view.sha256)).decode()
    headers = {
        "Repr-Digest": f"sha-256=:{encoded}:",
        "Digest": f"sha-256={encoded}",
        "Cache-Control": "private, no-store",
        "X-Contract-Id": str(view.contract_id),
    }
    return Response(view.content, media_type=view.media_type, headers=headers)


@router.get("/contract.pdf", response_class=Response)
async def pdf(trade_id: uuid.UUID, actor: Reader, ctx: Trading) -> Response:
    return await _download(trade_id, "pdf", actor, ctx)


@router.get("/contract.html", response_class=Response)
async def html(trade_id: uuid.UUID, actor: Reader, ctx: Trading) -> Response:
    return await _download(trade_id, "html", actor, ctx)


@router.post("/contract/signatures", status_code=status.HTTP_201_CREATED, response_model=ContractRead)
async def sign(
    trade_id: uuid.UUID, body: SignatureCreate, request: Request, actor: Signer, ctx: Trading
) -> ContractRead:
    # the address the connection came from; behind a proxy the server is run with its forwarded-for
    # handling (uvicorn --proxy-headers), which sets this from the trusted header
    client = request.client.host if request.client else UNKNOWN_CLIENT
    command = SignContract(
        trade_id=trade_id,
        tier=body.tier,
        document_sha256=body.document_sha256,
        signer_name=body.signer_name,
        ip_address=client,
        acting_for_partner_id=body.acting_for_partner_id,
    )
    return read(ContractRead, await sign_contract(command, actor, ctx))
