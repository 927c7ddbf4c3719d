"""A partner's parts: locations, bank accounts, contacts, documents, capabilities, amendments, KYC renewal."""

from __future__ import annotations

import base64
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from backend.api.deps import require
from backend.api.identity.mapping import read
from backend.api.partners import convert
from backend.api.partners import permissions as p
from backend.api.partners.deps import Partners, answer
from backend.api.partners.reads import AmendmentList, AmendmentRead, CapabilitiesRead, DocumentRead, PartnerRead
from backend.api.partners.schemas import (
    AmendmentCreate,
    BankAccountCreate,
    BankChangeCreate,
    CapabilityOverrideCreate,
    ContactChangeCreate,
    ContactCreate,
    DocumentCreate,
    LocationCreate,
    NewLocationCreate,
    ReasonCreate,
)
from backend.core.principal import Principal
from backend.modules.partners.application.commands.add_bank_account import AddBankAccount, add_bank_account
from backend.modules.partners.application.commands.add_contact import AddContact, add_contact
from backend.modules.partners.application.commands.add_location import AddLocation, add_location
from backend.modules.partners.application.commands.approve_amendment import ApproveAmendment, approve_amendment
from backend.modules.partners.application.commands.override_capabilities import (
    OverrideCapabilities,
    override_capabilities,
)
from backend.modules.partners.application.commands.reject_amendment import RejectAmendment, reject_amendment
from backend.modules.partners.application.commands.remove_location import RemoveLocation, remove_location
from backend.modules.partners.application.commands.renew_kyc import RenewKyc, renew_kyc
from backend.modules.partners.application.commands.request_amendment import RequestAmendment, request_amendment
from backend.modules.partners.application.commands.upload_document import UploadDocument, upload_document
from backend.modules.partners.application.commands.verify_document import VerifyDocument, verify_document
from backend.modules.partners.application.inputs import ChangeInput, CreditLimitInput
from backend.modules.partners.application.queries.download_document import DownloadDocument, download_document
from backend.modules.partners.application.queries.get_capabilities import GetCapabilities, get_capabilities
from backend.modules.partners.application.queries.list_amendments import ListAmendments, list_amendments

router = APIRouter(prefix="/api/v1/partners/{partner_id}", tags=["partners"])

Reader = Annotated[Principal, Depends(require(p.READ))]
Editor = Annotated[Principal, Depends(require(p.UPDATE))]
Verifier = Annotated[Principal, Depends(require(p.VERIFY_DOCUMENTS))]
Overrider = Annotated[Principal, Depends(require(p.OVERRIDE_CAPABILITIES))]
AmendmentMaker = Annotated[Principal, Depends(require(p.REQUEST_AMENDMENTS))]
AmendmentChecker = Annotated[Principal, Depends(require(p.APPROVE_AMENDMENTS))]


@router.post("/locations", status_code=status.HTTP_201_CREATED, response_model=PartnerRead)
async def add_a_location(
    partner_id: uuid.UUID, body: LocationCreate, actor: Editor, ctx: Partners, response: Response
) -> PartnerRead:
    return answer(await add_location(AddLocation(partner_id, convert.location(body)), actor, ctx), response)


@router.delete("/locations/{location_id}", response_model=PartnerRead)
async def remove_a_location(
    partner_id: uuid.UUID, location_id: uuid.UUID, actor: Editor, ctx: Partners, response: Response
) -> PartnerRead:
    return answer(await remove_location(RemoveLocation(partner_id, location_id), actor, ctx), response)


@router.post("/bank-accounts", status_code=status.HTTP_201_CREATED, response_model=PartnerRead)
async def add_an_account(
    partner_id: uuid.UUID, body: BankAccountCreate, actor: Editor, ctx: Partners, response: Response
) -> PartnerRead:
    command = AddBankAccount(partner_id, convert.bank_account(body))
    return answer(await add_bank_account(command, actor, ctx), response)


@router.post("/contacts", status_code=status.HTTP_201_CREATED, response_model=PartnerRead)
async def add_a_contact(
    partner_id: uuid.UUID, body: ContactCreate, actor: Editor, ctx: Partners, response: Response
) -> PartnerRead:
    return answer(await add_contact(AddContact(partner_id, convert.contact(body)), actor, ctx), response)


@router.post("/documents", status_code=status.HTTP_201_CREATED, response_model=DocumentRead)
async def upload(
    partner_id: uuid.UUID, body: DocumentCreate, actor: Editor, ctx: Partners, response: Response
) -> DocumentRead:
    command = UploadDocument(
        partner_id,
        body.type,
        convert.decoded(body.content_base64),
        body.media_type,
        body.issued_on,
        body.expires_on,
        body.number,
        None if body.country is None else body.country.upper(),
    )
    view = await upload_document(command, actor, ctx)
    response.headers["Location"] = f"/api/v1/partners/{partner_id}/documents/{view.id}"
    return read(DocumentRead, view)


@router.get("/documents/{document_id}", response_class=Response)
async def download(partner_id: uuid.UUID, document_id: uuid.UUID, actor: Reader, ctx: Partners) -> Response:
    view = await download_document(DownloadDocument(partner_id, document_id), actor, ctx)
    # digest values are base64 of the raw hash (RFC 9530 Repr-Digest; RFC 3230 Digest for older clients),
    # not the hex the JSON carries
    encoded = base64.b64encode(bytes.fromhex(view.sha256)).decode()
    headers = {
        "Repr-Digest": f"sha-256=:{encoded}:",
        "Digest": f"sha-256={encoded}",
        "Cache-Control": "private, no-store",
    }
    return Response(view.content, media_type=view.media_type, headers=headers)


@router.post("/documents/{document_id}/verify", response_model=DocumentRead)
async def verify(partner_id: uuid.UUID, document_id: uuid.UUID, actor: Verifier, ctx: Partners) -> DocumentRead:
    return read(DocumentRead, await verify_document(VerifyDocument(partner_id, document_id), actor, ctx))


@router.post("/kyc/renew", response_model=PartnerRead)
async def renew(partner_id: uuid.UUID, actor: Verifier, ctx: Partners, response: Response) -> PartnerRead:
    return answer(await renew_kyc(RenewKyc(partner_id), actor, ctx), response)


@router.get("/capabilities", response_model=CapabilitiesRead)
async def capabilities(partner_id: uuid.UUID, actor: Reader, ctx: Partners) -> CapabilitiesRead:
    return read(CapabilitiesRead, await get_capabilities(GetCapabilities(partner_id), actor, ctx))


@router.put("/capabilities/override", response_model=CapabilitiesRead)
async def override(
    partner_id: uuid.UUID, body: CapabilityOverrideCreate, actor: Overrider, ctx: Partners
) -> CapabilitiesRead:
    command = OverrideCapabilities(partner_id, frozenset(c.value for c in body.capabilities), body.reason)
    return read(CapabilitiesRead, await override_capabilities(command, actor, ctx))


def _change(body: AmendmentCreate) -> ChangeInput:
    if isinstance(body, BankChangeCreate):
        return convert.bank_account(body.bank_account)
    if isinstance(body, NewLocationCreate):
        return convert.location(body.location)
    if isinstance(body, ContactChangeCreate):
        return convert.contact(body.contact, body.contact_id)
    return CreditLimitInput(body.amount, body.currency.upper())


@router.get("/amendments", response_model=AmendmentList)
async def amendments(partner_id: uuid.UUID, actor: Reader, ctx: Partners) -> AmendmentList:
    views = await list_amendments(ListAmendments(partner_id), actor, ctx)
    return AmendmentList(items=[read(AmendmentRead, v) for v in views])


@router.post("/amendments", status_code=status.HTTP_201_CREATED, response_model=AmendmentRead)
async def request_an_amendment(
    partner_id: uuid.UUID, body: AmendmentCreate, actor: AmendmentMaker, ctx: Partners, response: Response
) -> AmendmentRead:
    view = await request_amendment(RequestAmendment(partner_id, _change(body)), actor, ctx)
    response.headers["Location"] = f"/api/v1/partners/{partner_id}/amendments/{view.id}"
    return read(AmendmentRead, view)


@router.post("/amendments/{amendment_id}/approve", response_model=AmendmentRead)
async def approve_an_amendment(
    partner_id: uuid.UUID, amendment_id: uuid.UUID, actor: AmendmentChecker, ctx: Partners
) -> AmendmentRead:
    return read(AmendmentRead, await approve_amendment(ApproveAmendment(partner_id, amendment_id), actor, ctx))


@router.post("/amendments/{amendment_id}/reject", response_model=AmendmentRead)
async def reject_an_amendment(
    partner_id: uuid.UUID, amendment_id: uuid.UUID, body: ReasonCreate, actor: AmendmentChecker, ctx: Partners
) -> AmendmentRead:
    command = RejectAmendment(partner_id, amendment_id, body.reason)
    return read(AmendmentRead, await reject_amendment(command, actor, ctx))
