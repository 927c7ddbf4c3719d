"""``/api/v1/commodities``: the commodity master over HTTP."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Response, status

from backend.api.commodities.mapping import commodity_out, parameters_in, quality_value_in, units_in
from backend.api.commodities.permissions import READ, WRITE
from backend.api.commodities.schemas import (
    CommodityCreate,
    CommodityPage,
    CommodityRead,
    CommodityUpdate,
    ConversionCreate,
    ConversionRead,
    QualityCheckCreate,
    QualityCheckRead,
    QualityResultRead,
    VarietyCreate,
)
from backend.api.concurrency import etag, expected_version
from backend.api.conditional import NOT_MODIFIED, IfNoneMatch, conditional, weak_etag
from backend.api.deps import ReadCache, commodities_uow
from backend.api.pagination import DEFAULT_LIMIT, Cursor, Limit, decode_cursor, encode_cursor
from backend.core.cache import CacheOwner
from backend.core.observability.metrics import commodity_created
from backend.modules.commodities.application.caching import COMMODITY, COMMODITY_PAGE, forget_commodities
from backend.modules.commodities.application.commands.add_variety import AddVariety, add_variety
from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.application.commands.update_commodity import UpdateCommodity, update_commodity
from backend.modules.commodities.application.queries.check_quality import CheckQuality, check_quality
from backend.modules.commodities.application.queries.convert_quantity import ConvertQuantity, convert_quantity
from backend.modules.commodities.application.queries.get_commodity import GetCommodity, get_commodity
from backend.modules.commodities.application.queries.list_commodities import ListCommodities, list_commodities
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.application.views import CommodityView
from backend.modules.commodities.domain.commodity import (
    CommodityCategory,
    CommodityChanges,
    CommodityDefinition,
    CommodityId,
    Variety,
)
from backend.modules.commodities.domain.quality import describe_value

router = APIRouter(prefix="/api/v1/commodities", tags=["commodities"])

ReadUow = Annotated[CommoditiesUnitOfWork, Depends(commodities_uow(READ))]
WriteUow = Annotated[CommoditiesUnitOfWork, Depends(commodities_uow(WRITE))]
IfMatch = Annotated[str | None, Header(description='ETag of the version you last read, e.g. "3"')]


def _read(view: CommodityView, response: Response) -> CommodityRead:
    response.headers["ETag"] = etag(view.version)
    return commodity_out(view)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=CommodityRead)
async def create(body: CommodityCreate, uow: WriteUow, cache: ReadCache, response: Response) -> CommodityRead:
    definition = CommodityDefinition(
        code=body.code,
        name=body.name,
        category=body.category,
        hsn_code=body.hsn_code,
        gst_rate=body.gst_rate,
        base_unit=body.base_unit,
        units=units_in(body.units),
        quality_parameters=parameters_in(body.quality_parameters),
        varieties=tuple(Variety(v.name, v.description) for v in body.varieties),
        active=body.active,
    )
    view = await create_commodity(CreateCommodity(definition), uow)
    await forget_commodities(cache, view.tenant_id)
    commodity_created()
    response.headers["Location"] = f"{router.prefix}/{view.id}"
    return _read(view, response)


@router.get("", response_model=CommodityPage, responses=NOT_MODIFIED)
async def list_all(
    uow: ReadUow,
    cache: ReadCache,
    response: Response,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    category: Annotated[CommodityCategory | None, Query()] = None,
    active: Annotated[bool | None, Query()] = None,
    if_none_match: IfNoneMatch = None,
) -> CommodityPage | Response:
    after = decode_cursor(cursor, "code")["code"] if cursor else None
    query = ListCommodities(limit, after, category, active)
    owner = CacheOwner.tenant(uow.scope.tenant_id)
    page = await cache.get_or_load(COMMODITY_PAGE, owner, query, lambda: list_commodities(query, uow))
    next_cursor = encode_cursor({"code": page.next_after_code}) if page.next_after_code else None
    tag = weak_etag([*(f"{v.id}:{v.version}" for v in page.items), next_cursor])
    if (not_modified := conditional(response, tag, if_none_match)) is not None:
        return not_modified
    return CommodityPage(items=[commodity_out(v) for v in page.items], next_cursor=next_cursor)


@router.get("/{commodity_id}", response_model=CommodityRead, responses=NOT_MODIFIED)
async def get(
    commodity_id: uuid.UUID, uow: ReadUow, cache: ReadCache, response: Response, if_none_match: IfNoneMatch = None
) -> CommodityRead | Response:
    query = GetCommodity(CommodityId(commodity_id))
    owner = CacheOwner.tenant(uow.scope.tenant_id)
    view = await cache.get_or_load(COMMODITY, owner, query, lambda: get_commodity(query, uow))
    if (not_modified := conditional(response, etag(view.version), if_none_match)) is not None:
        return not_modified
    return commodity_out(view)


@router.patch("/{commodity_id}", response_model=CommodityRead)
async def update(
    commodity_id: uuid.UUID,
    body: CommodityUpdate,
    uow: WriteUow,
    cache: ReadCache,
    response: Response,
    if_match: IfMatch = None,
) -> CommodityRead:
    version = expected_version(if_match, required=True)
    changes = CommodityChanges(
        name=body.name,
        category=body.category,
        hsn_code=body.hsn_code,
        gst_rate=body.gst_rate,
        units=None if body.units is None else units_in(body.units),
        quality_parameters=None if body.quality_parameters is None else parameters_in(body.quality_parameters),
        active=body.active,
    )
    view = await update_commodity(UpdateCommodity(CommodityId(commodity_id), version, changes), uow)
    await forget_commodities(cache, view.tenant_id)
    return _read(view, response)


@router.post("/{commodity_id}/varieties", status_code=status.HTTP_201_CREATED, response_model=CommodityRead)
async def create_variety(
    commodity_id: uuid.UUID,
    body: VarietyCreate,
    uow: WriteUow,
    cache: ReadCache,
    response: Response,
    if_match: IfMatch = None,
) -> CommodityRead:
    command = AddVariety(
        CommodityId(commodity_id), Variety(body.name, body.description), expected_version(if_match, required=False)
    )
    view = await add_variety(command, uow)
    await forget_commodities(cache, view.tenant_id)
    return _read(view, response)


@router.post("/{commodity_id}/convert", response_model=ConversionRead)
async def convert(commodity_id: uuid.UUID, body: ConversionCreate, uow: ReadUow) -> ConversionRead:
    query = ConvertQuantity(CommodityId(commodity_id), body.quantity, body.from_unit, body.to_unit)
    result = await convert_quantity(query, uow)
    return ConversionRead(quantity=result.quantity, unit=result.unit, exact=result.exact)


@router.post("/{commodity_id}/quality-check", response_model=QualityCheckRead)
async def quality_check(commodity_id: uuid.UUID, body: QualityCheckCreate, uow: ReadUow) -> QualityCheckRead:
    values = {name: quality_value_in(value) for name, value in body.values.items()}
    report = await check_quality(CheckQuality(CommodityId(commodity_id), values), uow)
    return QualityCheckRead(
        passed=report.passed,
        results=[
            QualityResultRead(parameter=r.parameter, value=describe_value(r.value), passed=r.passed, reason=r.reason)
            for r in report.results
        ],
    )
