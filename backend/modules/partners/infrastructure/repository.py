"""``PartnerRepository`` on PostgreSQL: the aggregate is mapped to rows and back field by field.

Every statement limits itself to the unit of work's scope (tenant, and an external user's own
partner); row-level security enforces the same underneath.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, func, or_, select, tuple_, union, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, selectinload
from sqlalchemy.orm.exc import StaleDataError

from backend.core.domain import AggregateRoot
from backend.core.errors import ConcurrencyConflict, Conflict, Forbidden
from backend.core.principal import DataScope
from backend.modules.partners.application.ports import IdentifierHolder, PartnerFilter, PartnerSummary
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.enums import (
    EntityClass,
    KycStatus,
    PartnerStatus,
    RiskCategory,
    TaxKind,
    TradeRole,
)
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.infrastructure.mapping import copy_partner_to_row, partner_from
from backend.modules.partners.infrastructure.record_tables import code_sequences
from backend.modules.partners.infrastructure.tables import LocationRow, PartnerRow, TaxRegistrationRow

Track = Callable[[AggregateRoot], None]


def in_scope(scope: DataScope, tenant_id: Any, partner_id: Any) -> list[ColumnElement[bool]]:
    """The conditions that keep a statement to ``scope``: its tenant and, for a partner user, its partner."""
    if scope.platform:
        return []
    conditions: list[ColumnElement[bool]] = [tenant_id == scope.tenant_id]
    if scope.partner_id is not None:
        conditions.append(partner_id == scope.partner_id)
    return conditions


def _starts_with(key: InstrumentedAttribute[Any], prefix: str) -> ColumnElement[bool]:
    """``key`` (lower case, byte order) starts with ``prefix``: the range [prefix, next prefix)."""
    low = prefix.lower()
    if ord(low[-1]) == sys.maxunicode:  # nothing sorts after it: the range is open above
        return key >= low
    return and_(key >= low, key < low[:-1] + chr(ord(low[-1]) + 1))


def _has_gstin(gstin: str) -> ColumnElement[bool]:
    # an IN over a UNION lets the planner start from the two GSTIN indexes; an OR of two EXISTS
    # would filter every partner of the tenant
    registered = select(TaxRegistrationRow.partner_id).where(
        TaxRegistrationRow.kind == TaxKind.GSTIN.value, TaxRegistrationRow.number == gstin
    )
    at_location = select(LocationRow.partner_id).where(LocationRow.gstin == gstin)
    return PartnerRow.id.in_(union_all(registered, at_location))


def _filters(page: PartnerFilter) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if page.after_code is not None:
        conditions.append(PartnerRow.code > page.after_code)
    if page.status is not None:
        conditions.append(PartnerRow.status == page.status.value)
    if page.kyc_status is not None:
        conditions.append(PartnerRow.kyc_status == page.kyc_status.value)
    if page.entity_class is not None:
        conditions.append(PartnerRow.entity_class == page.entity_class.value)
    if page.country is not None:
        conditions.append(PartnerRow.country == page.country.upper())
    if page.name_prefix:
        conditions.append(
            or_(
                _starts_with(PartnerRow.legal_name_key, page.name_prefix),
                _starts_with(PartnerRow.trade_name_key, page.name_prefix),
            )
        )
    if page.pan is not None:
        conditions.append(PartnerRow.pan == ids.normalize_pan(page.pan))
    if page.gstin is not None:
        conditions.append(_has_gstin(ids.normalize_gstin(page.gstin)))
    if page.branches is not None:
        conditions.append(PartnerRow.branch_id.in_(page.branches))
    if page.partner_id is not None:
        conditions.append(PartnerRow.id == page.partner_id)
    return conditions


def _with_children(statement: Select[PartnerRow]) -> Select[PartnerRow]:
    return statement.options(
        selectinload(PartnerRow.tax_registrations),
        selectinload(PartnerRow.locations),
        selectinload(PartnerRow.bank_accounts),
        selectinload(PartnerRow.documents),
        selectinload(PartnerRow.contacts),
    )


# a list reads only these columns of ``partners``: no child collection, no aggregate to map
_SUMMARY_COLUMNS = (
    *(PartnerRow.id, PartnerRow.code, PartnerRow.legal_name, PartnerRow.trade_name, PartnerRow.country),
    *(PartnerRow.entity_class, PartnerRow.trade_role, PartnerRow.status, PartnerRow.kyc_status),
    *(PartnerRow.kyc_expires_on, PartnerRow.risk_score, PartnerRow.risk_category, PartnerRow.branch_id),
    PartnerRow.version,
)


def _summary_from(row: Row[Any]) -> PartnerSummary:
    return PartnerSummary(
        id=row.id,
        code=row.code,
        legal_name=row.legal_name,
        trade_name=row.trade_name,
        country=row.country,
        entity_class=EntityClass(row.entity_class),
        trade_role=TradeRole(row.trade_role),
        status=PartnerStatus(row.status),
        kyc_status=KycStatus(row.kyc_status),
        kyc_expires_on=row.kyc_expires_on,
        risk_score=row.risk_score,
        risk_category=None if row.risk_category is None else RiskCategory(row.risk_category),
        branch_id=row.branch_id,
        version=row.version,
    )


class SqlPartnerRepository:
    def __init__(self, session: AsyncSession, track: Track, scope: DataScope) -> None:
        self._session = session
        self._track = track
        self._scope = scope
        self._rows: dict[uuid.UUID, PartnerRow] = {}

    def _visible(self) -> Select[PartnerRow]:
        return select(PartnerRow).where(*in_scope(self._scope, PartnerRow.tenant_id, PartnerRow.id))

    def _hand_out(self, row: PartnerRow) -> Partner:
        partner = partner_from(row)
        self._rows[partner.id] = row
        self._track(partner)
        return partner

    def _visible_summaries(self) -> Select[*tuple[Any, ...]]:
        return select(*_SUMMARY_COLUMNS).where(*in_scope(self._scope, PartnerRow.tenant_id, PartnerRow.id))

    async def _summaries(self, statement: Select[*tuple[Any, ...]]) -> list[PartnerSummary]:
        return [_summary_from(row) for row in await self._session.execute(statement)]

    async def _all(self, statement: Select[PartnerRow]) -> list[Partner]:
        rows = (await self._session.scalars(_with_children(statement))).all()
        return [self._hand_out(row) for row in rows]

    async def add(self, partner: Partner) -> None:
        scope = self._scope
        if not scope.platform and (partner.tenant_id != scope.tenant_id or scope.partner_id not in (None, partner.id)):
            raise Forbidden(f"partner {partner.code} is outside this unit of work's scope")
        row = PartnerRow(id=partner.id)
        copy_partner_to_row(partner, row)
        try:
            async with self._session.begin_nested():
                self._session.add(row)
                await self._session.flush()
        except IntegrityError as error:
            if "uq_partners_tenant_id_code" in str(error.orig) or "pk_partners" in str(error.orig):
                raise Conflict(f"partner code {partner.code} is already taken", extra={"code": partner.code}) from error
            raise
        partner.persisted_version = partner.version
        self._rows[partner.id] = row
        self._track(partner)

    async def get(self, partner_id: uuid.UUID, *, for_update: bool = False) -> Partner | None:
        statement = self._visible().where(PartnerRow.id == partner_id)
        if for_update:
            # the lock is taken now; the fresh state replaces what this session may have loaded before
            statement = statement.with_for_update(of=PartnerRow).execution_options(populate_existing=True)
        found = await self._all(statement)
        return found[0] if found else None

    async def get_many(self, partner_ids: set[uuid.UUID]) -> list[Partner]:
        if not partner_ids:
            return []
        return await self._all(self._visible().where(PartnerRow.id.in_(partner_ids)).order_by(PartnerRow.code))

    async def save(self, partner: Partner) -> None:
        conflict = ConcurrencyConflict(f"partner {partner.code} was changed by someone else; read it again and retry")
        row = self._rows.get(partner.id)
        if row is None:  # handed out by another unit of work: load the row this one will update
            statement = _with_children(self._visible().where(PartnerRow.id == partner.id))
            row = (await self._session.scalars(statement)).one_or_none()
            if row is None:
                raise conflict
            self._rows[partner.id] = row
        # the aggregate may be older than the row this session loaded; the flush guards later races
        if row.version != partner.persisted_version:
            raise conflict
        copy_partner_to_row(partner, row)
        try:
            await self._session.flush()
        except StaleDataError as error:
            raise conflict from error
        partner.persisted_version = partner.version

    async def next_code_sequence(self, country: str) -> int:
        tenant_id = self._scope.tenant_id
        if tenant_id is None:
            raise RuntimeError("partner codes are numbered per tenant; this unit of work has no tenant")
        # the row stays locked until commit: a concurrent creation waits and then takes the next
        # number, and a rollback gives the number back, so committed codes have no gaps
        statement = (
            pg_insert(code_sequences)
            .values(tenant_id=tenant_id, country=country.upper(), last_value=1)
            .on_conflict_do_update(
                index_elements=[code_sequences.c.tenant_id, code_sequences.c.country],
                set_={"last_value": code_sequences.c.last_value + 1},
            )
            .returning(code_sequences.c.last_value)
        )
        return int((await self._session.execute(statement)).scalar_one())

    async def holders_of(self, pans: set[str], gstins: set[str]) -> list[IdentifierHolder]:
        if not pans and not gstins:
            return []
        # two onboardings of one PAN at once would both find no holder: each identifier is locked
        # for the rest of the transaction, in a fixed order so two callers cannot deadlock
        for identifier in sorted(pans | gstins):
            key = f"partners:{self._scope.tenant_id}:{identifier}"
            await self._session.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))
        columns = (PartnerRow.id, PartnerRow.code, PartnerRow.master_partner_id)
        scoped = in_scope(self._scope, PartnerRow.tenant_id, PartnerRow.id)
        by_pan = select(*columns, PartnerRow.pan.label("identifier")).where(PartnerRow.pan.in_(pans), *scoped)
        by_registration = (
            select(*columns, TaxRegistrationRow.number.label("identifier"))
            .join(TaxRegistrationRow, TaxRegistrationRow.partner_id == PartnerRow.id)
            .where(TaxRegistrationRow.kind == TaxKind.GSTIN.value, TaxRegistrationRow.number.in_(gstins), *scoped)
        )
        by_location = (
            select(*columns, LocationRow.gstin.label("identifier"))
            .join(LocationRow, LocationRow.partner_id == PartnerRow.id)
            .where(LocationRow.gstin.in_(gstins), *scoped)
        )
        matches = union(by_pan, by_registration, by_location).subquery()  # UNION: each holder once
        rows = await self._session.execute(select(matches).order_by(matches.c.code, matches.c.identifier))
        return [IdentifierHolder(r.id, r.code, r.master_partner_id, r.identifier) for r in rows]

    async def search(self, page: PartnerFilter) -> list[Partner]:
        statement = self._visible().where(*_filters(page)).order_by(PartnerRow.code).limit(page.limit)
        return await self._all(statement)

    async def search_summaries(self, page: PartnerFilter) -> list[PartnerSummary]:
        statement = self._visible_summaries().where(*_filters(page)).order_by(PartnerRow.code).limit(page.limit)
        return await self._summaries(statement)

    async def kyc_expiring_summaries(
        self, today: date, days: int, *, limit: int, after_code: str | None
    ) -> list[PartnerSummary]:
        statement = self._visible_summaries().where(
            PartnerRow.kyc_status == KycStatus.VERIFIED.value,
            PartnerRow.kyc_expires_on.between(today, today + timedelta(days=days)),
        )
        if after_code is not None:
            # the page goes on after the cursor's partner in (expiry, code) order; a vanished cursor ends it
            cursor_expiry = (
                select(PartnerRow.kyc_expires_on)
                .where(PartnerRow.code == after_code, *in_scope(self._scope, PartnerRow.tenant_id, PartnerRow.id))
                .limit(1)
                .scalar_subquery()
            )
            statement = statement.where(
                tuple_(PartnerRow.kyc_expires_on, PartnerRow.code) > tuple_(cursor_expiry, after_code)
            )
        order = (PartnerRow.kyc_expires_on, PartnerRow.code)
        return await self._summaries(statement.order_by(*order).limit(limit))

    async def kyc_due(self, today: date, horizon_days: int) -> list[Partner]:
        statement = self._visible().where(
            and_(
                PartnerRow.kyc_status == KycStatus.VERIFIED.value,
                PartnerRow.kyc_expires_on <= today + timedelta(days=horizon_days),
            )
        )
        return await self._all(statement.order_by(PartnerRow.kyc_expires_on, PartnerRow.code, PartnerRow.id))
