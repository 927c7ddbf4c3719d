"""``/api/v1/availabilities`` and ``/api/v1/requirements``: postings, and a requirement's matches."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status

from backend.api.deps import require, services
from backend.api.identity.mapping import read
from backend.api.pagination import DEFAULT_LIMIT, Cursor, InvalidCursor, Limit, decode_cursor, encode_cursor
from backend.api.trading import convert
from backend.api.trading import permissions as p
from backend.api.trading.reads import (
    AvailabilityPage,
    AvailabilityRead,
    MatchList,
    RequirementPage,
    RequirementRead,
)
from backend.api.trading.schemas import AvailabilityCreate, CancelWrite, RequirementCreate
from backend.core.principal import Principal
from backend.modules.trading.application.commands.cancel_availability import CancelAvailability, cancel_availability
from backend.modules.trading.application.commands.cancel_requirement import CancelRequirement, cancel_requirement
from backend.modules.trading.application.commands.create_availability import create_availability
from backend.modules.trading.application.commands.create_requirement import create_requirement
from backend.modules.trading.application.commands.match_requirement import MatchRequirement, match_requirement
from backend.modules.trading.application.commands.publish_availability import (
    PublishAvailability,
    publish_availability,
)
from backend.modules.trading.application.commands.publish_requirement import PublishRequirement, publish_requirement
from backend.modules.trading.application.context import TradingContext
from backend.modules.trading.application.ports import PostingFilter
from backend.modules.trading.application.queries.get_posting import (
    GetAvailability,
    GetRequirement,
    get_availability,
    get_requirement,
)
from backend.modules.trading.application.queries.list_matches import ListMatches, list_matches
from backend.modules.trading.application.queries.list_postings import (
    ListPostings,
    list_availabilities,
    list_requirements,
)
from backend.modules.trading.application.views import PageView
from backend.modules.trading.domain.enums import AvailabilityStatus, RequirementStatus

router = APIRouter(prefix="/api/v1", tags=["trading"])

Reader = Annotated[Principal, Depends(require(p.READ))]
Poster = Annotated[Principal, Depends(require(p.POST))]
Matcher = Annotated[Principal, Depends(require(p.MATCH))]
# a status filter names one of the statuses (an unknown one is a 422 listing them, not an empty page)
AvailabilityState = Annotated[AvailabilityStatus | None, Query(alias="status")]
RequirementState = Annotated[RequirementStatus | None, Query(alias="status")]


def trading_context(request: Request) -> TradingContext:
    return services(request).trading


Trading = Annotated[TradingContext, Depends(trading_context)]


def _after(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    if not cursor:
        return None
    position = decode_cursor(cursor, "created_at", "id")
    try:
        return datetime.fromisoformat(position["created_at"]), uuid.UUID(position["id"])
    except ValueError as error:
        raise InvalidCursor() from error


def _page(view: PageView[Any]) -> dict[str, Any]:
    cursor = None
    if view.next_after is not None:
        created_at, last_id = view.next_after
        cursor = encode_cursor({"created_at": created_at.isoformat(), "id": str(last_id)})
    return {"items": list(view.items), "next_cursor": cursor}


# availabilities


@router.post("/availabilities", status_code=status.HTTP_201_CREATED, response_model=AvailabilityRead)
async def create_availability_(
    body: AvailabilityCreate, actor: Poster, ctx: Trading, response: Response
) -> AvailabilityRead:
    view = await create_availability(convert.availability(body), actor, ctx)
    response.headers["Location"] = f"/api/v1/availabilities/{view.id}"
    return read(AvailabilityRead, view)


@router.get("/availabilities", response_model=AvailabilityPage)
async def list_availabilities_(
    actor: Reader,
    ctx: Trading,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status_: AvailabilityState = None,
    partner_id: uuid.UUID | None = None,
    commodity_id: uuid.UUID | None = None,
) -> AvailabilityPage:
    wanted = PostingFilter(limit, _after(cursor), partner_id, status_, commodity_id)
    return AvailabilityPage.model_validate(
        _page(await list_availabilities(ListPostings(wanted), actor, ctx)), from_attributes=True
    )


@router.get("/availabilities/{availability_id}", response_model=AvailabilityRead)
async def get_availability_(availability_id: uuid.UUID, actor: Reader, ctx: Trading) -> AvailabilityRead:
    return read(AvailabilityRead, await get_availability(GetAvailability(availability_id), actor, ctx))


@router.post("/availabilities/{availability_id}/publish", response_model=AvailabilityRead)
async def publish_availability_(availability_id: uuid.UUID, actor: Poster, ctx: Trading) -> AvailabilityRead:
    return read(AvailabilityRead, await publish_availability(PublishAvailability(availability_id), actor, ctx))


@router.post("/availabilities/{availability_id}/cancel", response_model=AvailabilityRead)
async def cancel_availability_(
    availability_id: uuid.UUID, actor: Poster, ctx: Trading, body: CancelWrite | None = None
) -> AvailabilityRead:
    command = CancelAvailability(availability_id, body.reason if body else "")
    return read(AvailabilityRead, await cancel_availability(command, actor, ctx))


# requirements


@router.post("/requirements", status_code=status.HTTP_201_CREATED, response_model=RequirementRead)
async def create_requirement_(
    body: RequirementCreate, actor: Poster, ctx: Trading, response: Response
) -> RequirementRead:
    view = await create_requirement(convert.requirement(body), actor, ctx)
    response.headers["Location"] = f"/api/v1/requirements/{view.id}"
    return read(RequirementRead, view)


@router.get("/requirements", response_model=RequirementPage)
async def list_requirements_(
    actor: Reader,
    ctx: Trading,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    status_: RequirementState = None,
    partner_id: uuid.UUID | None = None,
    commodity_id: uuid.UUID | None = None,
) -> RequirementPage:
    wanted = PostingFilter(limit, _after(cursor), partner_id, status_, commodity_id)
    return RequirementPage.model_validate(
        _page(await list_requirements(ListPostings(wanted), actor, ctx)), from_attributes=True
    )


@router.get("/requirements/{requirement_id}", response_model=RequirementRead)
async def get_requirement_(requirement_id: uuid.UUID, actor: Reader, ctx: Trading) -> RequirementRead:
    return read(RequirementRead, await get_requirement(GetRequirement(requirement_id), actor, ctx))


@router.post("/requirements/{requirement_id}/publish", response_model=RequirementRead)
async def publish_requirement_(requirement_id: uuid.UUID, actor: Poster, ctx: Trading) -> RequirementRead:
    return read(RequirementRead, await publish_requirement(PublishRequirement(requirement_id), actor, ctx))


@router.post("/requirements/{requirement_id}/cancel", response_model=RequirementRead)
async def cancel_requirement_(
    requirement_id: uuid.UUID, actor: Poster, ctx: Trading, body: CancelWrite | None = None
) -> RequirementRead:
    command = CancelRequirement(requirement_id, body.reason if body else "")
    return read(RequirementRead, await cancel_requirement(command, actor, ctx))


@router.post("/requirements/{requirement_id}/match", response_model=MatchList)
async def match_requirement_(requirement_id: uuid.UUID, actor: Matcher, ctx: Trading) -> MatchList:
    return read(MatchList, await match_requirement(MatchRequirement(requirement_id), actor, ctx))


@router.get("/requirements/{requirement_id}/matches", response_model=MatchList)
async def list_matches_(
    requirement_id: uuid.UUID, actor: Reader, ctx: Trading, include_closed: bool = False
) -> MatchList:
    return read(MatchList, await list_matches(ListMatches(requirement_id, include_closed), actor, ctx))
