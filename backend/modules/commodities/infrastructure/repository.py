"""``CommodityRepository`` on PostgreSQL: the aggregate is mapped to rows and back field by field."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from backend.core.errors import ConcurrencyConflict
from backend.modules.commodities.domain.commodity import (
    Commodity,
    CommodityCategory,
    CommodityId,
    Variety,
)
from backend.modules.commodities.domain.errors import DuplicateCommodityCode
from backend.modules.commodities.domain.quality import ParameterKind, QualityParameter, QualitySpec
from backend.modules.commodities.domain.repository import CommodityFilter
from backend.modules.commodities.domain.units import TradingUnit, UnitTable
from backend.modules.commodities.infrastructure.tables import (
    CommodityRow,
    QualityParameterRow,
    UnitRow,
    VarietyRow,
)


def _to_aggregate(row: CommodityRow) -> Commodity:
    return Commodity(
        id=CommodityId(row.id),
        tenant_id=row.tenant_id,
        code=row.code,
        name=row.name,
        category=CommodityCategory(row.category),
        hsn_code=row.hsn_code,
        gst_rate=row.gst_rate,
        unit_table=UnitTable(row.base_unit, tuple(TradingUnit(u.code, u.factor) for u in row.units)),
        quality=QualitySpec(
            tuple(
                QualityParameter(
                    name=p.name,
                    unit=p.unit,
                    kind=ParameterKind(p.kind),
                    min=p.min_value,
                    max=p.max_value,
                    allowed_values=tuple(p.allowed_values),
                    mandatory=p.mandatory,
                )
                for p in row.quality_parameters
            )
        ),
        varieties=[Variety(v.name, v.description) for v in row.varieties],
        active=row.active,
        version=row.version,
        created_at=row.created_at,
        updated_at=row.updated_at,
        persisted_version=row.version,
    )


def _copy_to_row(commodity: Commodity, row: CommodityRow) -> None:
    owner = commodity.tenant_id
    row.tenant_id = owner
    row.code = commodity.code
    row.name = commodity.name
    row.category = str(commodity.category)
    row.hsn_code = commodity.hsn_code
    row.gst_rate = commodity.gst_rate
    row.base_unit = commodity.base_unit
    row.active = commodity.active
    row.version = commodity.version
    row.created_at = commodity.created_at
    row.updated_at = commodity.updated_at
    row.units = [
        UnitRow(tenant_id=owner, commodity_id=commodity.id, code=u.code, factor=u.factor, position=i)
        for i, u in enumerate(commodity.unit_table.units)
    ]
    row.quality_parameters = [
        QualityParameterRow(
            tenant_id=owner,
            commodity_id=commodity.id,
            name=p.name,
            unit=p.unit,
            kind=str(p.kind),
            min_value=p.min,
            max_value=p.max,
            allowed_values=list(p.allowed_values),
            mandatory=p.mandatory,
            position=i,
        )
        for i, p in enumerate(commodity.quality.parameters)
    ]
    row.varieties = [
        VarietyRow(tenant_id=owner, commodity_id=commodity.id, name=v.name, description=v.description, position=i)
        for i, v in enumerate(commodity.varieties)
    ]


def _with_children(statement: Select[CommodityRow]) -> Select[CommodityRow]:
    return statement.options(
        selectinload(CommodityRow.units),
        selectinload(CommodityRow.quality_parameters),
        selectinload(CommodityRow.varieties),
    )


def _visible() -> Select[CommodityRow]:
    """Global commodities and the current tenant's own; row-level security enforces the same,
    this keeps a platform-scoped caller (which may see every tenant's rows) to the global ones."""
    own = CommodityRow.tenant_id == func.platform.current_tenant_id()
    return select(CommodityRow).where(or_(CommodityRow.tenant_id.is_(None), own))


class SqlCommodityRepository:
    def __init__(self, session: AsyncSession, track: Callable[[Commodity], None]) -> None:
        self._session = session
        self._track = track
        self._rows: dict[CommodityId, CommodityRow] = {}

    def _hand_out(self, row: CommodityRow) -> Commodity:
        commodity = _to_aggregate(row)
        self._rows[commodity.id] = row
        self._track(commodity)
        return commodity

    async def _one(self, statement: Select[CommodityRow]) -> Commodity | None:
        row = (await self._session.scalars(_with_children(statement))).one_or_none()
        return None if row is None else self._hand_out(row)

    async def add(self, commodity: Commodity) -> None:
        row = CommodityRow(id=commodity.id)
        _copy_to_row(commodity, row)
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as error:
            if "uq_commodities_tenant_id" in str(error.orig):
                raise DuplicateCommodityCode(commodity.code) from error
            raise
        commodity.persisted_version = commodity.version
        self._rows[commodity.id] = row
        self._track(commodity)

    async def get(self, commodity_id: CommodityId) -> Commodity | None:
        return await self._one(select(CommodityRow).where(CommodityRow.id == commodity_id))

    async def get_by_code(self, code: str) -> Commodity | None:
        return await self._one(_visible().where(CommodityRow.code == code))

    async def save(self, commodity: Commodity) -> None:
        row = self._rows[commodity.id]
        conflict = ConcurrencyConflict(
            f"commodity {commodity.code} was changed by someone else; read it again and retry"
        )
        # the aggregate may be older than the row this session loaded; the flush guards later races
        if row.version != commodity.persisted_version:
            raise conflict
        _copy_to_row(commodity, row)
        try:
            await self._session.flush()
        except StaleDataError as error:
            raise conflict from error
        commodity.persisted_version = commodity.version

    async def existing(self, ids: set[CommodityId]) -> set[CommodityId]:
        if not ids:
            return set()
        found = await self._session.scalars(select(CommodityRow.id).where(CommodityRow.id.in_(ids)))
        return {CommodityId(commodity_id) for commodity_id in found}

    async def list(self, page: CommodityFilter) -> list[Commodity]:
        statement = _visible().order_by(CommodityRow.code).limit(page.limit)
        if page.after_code is not None:
            statement = statement.where(CommodityRow.code > page.after_code)
        if page.category is not None:
            statement = statement.where(CommodityRow.category == str(page.category))
        if page.active is not None:
            statement = statement.where(CommodityRow.active == page.active)
        rows = (await self._session.scalars(_with_children(statement))).all()
        return [self._hand_out(row) for row in rows]
