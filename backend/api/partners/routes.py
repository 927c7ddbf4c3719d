"""``/api/v1/partners``: onboarding drafts, the approval workflow, lists and the KYC watch list."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from backend.api.concurrency import expected_version
from backend.api.deps import require
from backend.api.identity.mapping import after, read
from backend.api.pagination import DEFAULT_LIMIT, Cursor, Limit, encode_cursor
from backend.api.partners import convert
from backend.api.partners import permissions as p
from backend.api.partners.deps import IfMatch, Partners, answer
from backend.api.partners.reads import PartnerPage, PartnerRead, PartnerSummaryRead
from backend.api.partners.schemas import InfoRequestCreate, PartnerCreate, PartnerUpdate, ReasonCreate
from backend.core.principal import Principal
from backend.modules.partners.application.commands.approve_partner import ApprovePartner, approve_partner
from backend.modules.partners.application.commands.create_partner import CreatePartner, create_partner
from backend.modules.partners.application.commands.reactivate_partner import ReactivatePartner, reactivate_partner
from backend.modules.partners.application.commands.reject_partner import RejectPartner, reject_partner
from backend.modules.partners.application.commands.request_info import RequestInfo, request_info
from backend.modules.partners.application.commands.submit_partner import SubmitPartner, submit_partner
from backend.modules.partners.application.commands.suspend_partner import SuspendPartner, suspend_partner
from backend.modules.partners.application.commands.update_partner import UpdatePartner, update_partner
from backend.modules.partners.application.ports import PartnerFilter
from backend.modules.partners.application.queries.get_partner import GetPartner, get_partner
from backend.modules.partners.application.queries.kyc_expiring import KycExpiring, kyc_expiring
from backend.modules.partners.application.queries.list_partners import ListPartners, list_partners
from backend.modules.partners.application.views import PartnerPageView
from backend.modules.partners.domain.enums import EntityClass, KycStatus, PartnerStatus

router = APIRouter(prefix="/api/v1/partners", tags=["partners"])

Reader = Annotated[Principal, Depends(require(p.READ))]
Creator = Annotated[Principal, Depends(require(p.CREATE))]
Editor = Annotated[Principal, Depends(require(p.UPDATE))]
Submitter = Annotated[Principal, Depends(require(p.SUBMIT))]
Approver = Annotated[Principal, Depends(require(p.APPROVE))]
Rejecter = Annotated[Principal, Depends(require(p.REJECT))]
Suspender = Annotated[Principal, Depends(require(p.SUSPEND))]


def page(view: PartnerPageView) -> PartnerPage:
    cursor = None if view.next_after is None else encode_cursor({"after": view.next_after})
    return PartnerPage(items=[read(PartnerSummaryRead, item) for item in view.items], next_cursor=cursor)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PartnerRead)
async def create(body: PartnerCreate, actor: Creator, ctx: Partners, response: Response) -> PartnerRead:
    command = CreatePartner(convert.profile(body), convert.location(body.head_office), body.branch_id)
    view = await create_partner(command, actor, ctx)
    response.headers["Location"] = f"/api/v1/partners/{view.id}"
    return answer(view, response)


@router.get("", response_model=PartnerPage)
async def list_all(
    actor: Reader,
    ctx: Partners,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status_: Annotated[PartnerStatus | None, Query(alias="status")] = None,
    kyc_status: KycStatus | None = None,
    entity_class: EntityClass | None = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    name: Annotated[str | None, Query(min_length=1, max_length=200, description="legal or trade name prefix")] = None,
    pan: Annotated[str | None, Query(min_length=10, max_length=10)] = None,
    gstin: Annotated[str | None, Query(min_length=15, max_length=15)] = None,
) -> PartnerPage:
    wanted = PartnerFilter(
        limit=limit,
        after_code=after(cursor),
        status=status_,
        kyc_status=kyc_status,
        entity_class=entity_class,
        country=None if country is None else country.upper(),
        name_prefix=name,
        pan=None if pan is None else pan.upper(),
        gstin=None if gstin is None else gstin.upper(),
    )
    return page(await list_partners(ListPartners(wanted), actor, ctx))


@router.get("/kyc/expiring", response_model=PartnerPage)
async def expiring(
    actor: Reader,
    ctx: Partners,
    days: Annotated[int, Query(ge=0, le=366, description="expiring within this many days")] = 30,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> PartnerPage:
    return page(await kyc_expiring(KycExpiring(days, limit, after(cursor)), actor, ctx))


@router.get("/{partner_id}", response_model=PartnerRead)
async def get(partner_id: uuid.UUID, actor: Reader, ctx: Partners, response: Response) -> PartnerRead:
    return answer(await get_partner(GetPartner(partner_id), actor, ctx), response)


@router.put("/{partner_id}", response_model=PartnerRead)
async def update(
    partner_id: uuid.UUID,
    body: PartnerUpdate,
    actor: Editor,
    ctx: Partners,
    response: Response,
    if_match: IfMatch = None,
) -> PartnerRead:
    command = UpdatePartner(partner_id, convert.profile(body), expected_version(if_match, required=False))
    return answer(await update_partner(command, actor, ctx), response)


@router.post("/{partner_id}/submit", response_model=PartnerRead)
async def submit(partner_id: uuid.UUID, actor: Submitter, ctx: Partners, response: Response) -> PartnerRead:
    return answer(await submit_partner(SubmitPartner(partner_id), actor, ctx), response)


@router.post("/{partner_id}/approve", response_model=PartnerRead)
async def approve(partner_id: uuid.UUID, actor: Approver, ctx: Partners, response: Response) -> PartnerRead:
    return answer(await approve_partner(ApprovePartner(partner_id), actor, ctx), response)


@router.post("/{partner_id}/reject", response_model=PartnerRead)
async def reject(
    partner_id: uuid.UUID, body: ReasonCreate, actor: Rejecter, ctx: Partners, response: Response
) -> PartnerRead:
    return answer(await reject_partner(RejectPartner(partner_id, body.reason), actor, ctx), response)


@router.post("/{partner_id}/request-info", response_model=PartnerRead)
async def ask_for_information(
    partner_id: uuid.UUID, body: InfoRequestCreate, actor: Approver, ctx: Partners, response: Response
) -> PartnerRead:
    return answer(await request_info(RequestInfo(partner_id, body.note), actor, ctx), response)


@router.post("/{partner_id}/suspend", response_model=PartnerRead)
async def suspend(
    partner_id: uuid.UUID, body: ReasonCreate, actor: Suspender, ctx: Partners, response: Response
) -> PartnerRead:
    return answer(await suspend_partner(SuspendPartner(partner_id, body.reason), actor, ctx), response)


@router.post("/{partner_id}/reactivate", response_model=PartnerRead)
async def reactivate(partner_id: uuid.UUID, actor: Suspender, ctx: Partners, response: Response) -> PartnerRead:
    return answer(await reactivate_partner(ReactivatePartner(partner_id), actor, ctx), response)
