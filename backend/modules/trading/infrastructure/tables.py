"""The ``trading`` schema: availabilities, requirements, matches, and the context's outbox/inbox.

Every table carries ``tenant_id`` for row-level security and the partner columns the partner scope
filters on. Quantities never go negative and ``available + reserved + sold = total`` (CHECK
constraints, the same rule as ``Availability.ensure_invariants``). ``price_per_base`` and the
coordinates exist for the matching prefilter; their float8 shadows feed its covering index.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from backend.core.messaging.tables import inbox_table, outbox_table
from backend.db.metadata import metadata
from backend.modules.trading.domain.enums import (
    AvailabilityStatus,
    MatchStatus,
    PriceType,
    RequirementStatus,
    Urgency,
    Visibility,
)

SCHEMA = "trading"
ACTIVE = text("status = 'active'")


# everything the matching statement reads, so it runs as an index-only scan (migrations 0002, 0005)
MATCH_COVERED = (
    "id",
    "match_price",
    "match_available",
    "expires_at",
    "available_from",
    "available_until",
    "seller_partner_id",
    "currency",
    "ship_from_country",
    "ship_from_state",
    "visibility",
    "listed_buyers",
    "variety",
    "country_of_origin",
    "match_longitude",
    "match_quality_names",
    "match_quality",
)
# match_strip: the half-degree strip of longitude, the covering index's third key (migration 0002)
STRIPS_PER_DEGREE = 2
STRIP = f"(floor(longitude * {STRIPS_PER_DEGREE}))::integer"


def one_of(column: str, values: type[StrEnum]) -> str:
    listed = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({listed})"


def _stamps() -> list[Column[object]]:
    return [
        Column("created_at", DateTime(timezone=True), nullable=False),
        Column("published_at", DateTime(timezone=True), nullable=True),
        Column("updated_at", DateTime(timezone=True), nullable=False),
        Column("version", Integer, nullable=False),
        Column("branch_id", Uuid, nullable=True),  # the branch holding the partner when it posted (0008)
    ]


availabilities = Table(
    "availabilities",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("commodity_id", Uuid, nullable=False),
    Column("variety", String(100), nullable=True),
    Column("unit", String(20), nullable=False),
    Column("entered_quantity", Numeric, nullable=False),
    Column("entered_unit", String(20), nullable=False),
    Column("total", Numeric, nullable=False),
    Column("available", Numeric, nullable=False),
    Column("reserved", Numeric, nullable=False),
    Column("sold", Numeric, nullable=False),
    Column("minimum_order", Numeric, nullable=True),
    Column("partial_orders_allowed", Boolean, nullable=False),
    Column("price", Numeric, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_unit", String(20), nullable=False),
    Column("price_factor", Numeric, nullable=False),
    Column("price_per_base", Numeric, nullable=False),  # price / factor, rounded down: prefilter only
    Column("price_type", String(20), nullable=False),
    Column("quality", JSONB, nullable=False),
    Column("ship_from_location_id", Uuid, nullable=False),
    Column("ship_from_country", String(2), nullable=False),
    Column("ship_from_state", String(10), nullable=True),
    Column("ship_from_timezone", String(64), nullable=False),
    Column("latitude", Numeric, nullable=True),
    Column("longitude", Numeric, nullable=True),
    Column("delivery_terms", Text, nullable=False),
    Column("available_from", Date, nullable=False),
    Column("available_until", Date, nullable=False),
    Column("cut_off", Time, nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("visibility", String(20), nullable=False),
    Column("listed_buyers", ARRAY(Uuid), nullable=False),
    Column("country_of_origin", String(2), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("status", String(20), nullable=False),
    Column("status_reason", Text, nullable=True),
    *_stamps(),
    CheckConstraint("total >= 0 AND available >= 0 AND reserved >= 0 AND sold >= 0", name="quantities_not_negative"),
    CheckConstraint("available + reserved + sold = total", name="quantities_add_up"),
    CheckConstraint("price > 0 AND price_factor > 0", name="price_positive"),
    CheckConstraint(one_of("status", AvailabilityStatus), name="status_known"),
    CheckConstraint(one_of("visibility", Visibility), name="visibility_known"),
    CheckConstraint(one_of("price_type", PriceType), name="price_type_known"),
    # float8 shadows: leakproof comparisons an index can serve under row-level security (migration 0002)
    Column("match_price", Double, Computed("(price_per_base)::double precision", persisted=True), nullable=False),
    Column("match_available", Double, Computed("(available)::double precision", persisted=True), nullable=False),
    Column("match_latitude", Double, Computed("(latitude)::double precision", persisted=True), nullable=True),
    Column("match_longitude", Double, Computed("(longitude)::double precision", persisted=True), nullable=True),
    Column(
        "match_strip",
        Integer,
        Computed(f"(floor(longitude * {STRIPS_PER_DEGREE}))::integer", persisted=True),
        nullable=True,
    ),
    # the quality values as numbers: names sorted, a low and a high per name (NULL for a label),
    # generated from the JSONB by the functions of migration 0005
    Column(
        "match_quality_names",
        ARRAY(Text),
        Computed(f"{SCHEMA}.quality_names(quality)", persisted=True),
        nullable=False,
    ),
    Column(
        "match_quality",
        ARRAY(Double),
        Computed(f"{SCHEMA}.quality_numbers(quality)", persisted=True),
        nullable=False,
    ),
    Index(
        "ix_availabilities_match",
        "tenant_id",
        "commodity_id",
        "match_strip",
        "match_latitude",
        postgresql_where=ACTIVE,
        postgresql_include=list(MATCH_COVERED),
    ),
    Index("ix_availabilities_seller", "tenant_id", "seller_partner_id", "created_at", "id"),
    Index("ix_availabilities_fingerprint", "tenant_id", "fingerprint"),
    Index("ix_availabilities_expiry", "expires_at", postgresql_where=text("status IN ('active', 'reserved')")),
    schema=SCHEMA,
)

requirements = Table(
    "requirements",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("commodity_id", Uuid, nullable=False),
    Column("variety", String(100), nullable=True),
    Column("unit", String(20), nullable=False),
    Column("min_quantity", Numeric, nullable=False),
    Column("preferred_quantity", Numeric, nullable=False),
    Column("max_quantity", Numeric, nullable=False),
    Column("fulfilled", Numeric, nullable=False),
    Column("max_price", Numeric, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_unit", String(20), nullable=False),
    Column("price_factor", Numeric, nullable=False),
    Column("max_price_per_base", Numeric, nullable=False),  # max_price / factor, rounded up: prefilter only
    Column("preferred_price", Numeric, nullable=True),
    Column("quality", JSONB, nullable=False),  # the buyer's ranges
    Column("delivery_points", JSONB, nullable=False),
    Column("allow_inter_state", Boolean, nullable=False),
    Column("origin_country", String(2), nullable=True),
    Column("delivery_from", Date, nullable=False),
    Column("delivery_until", Date, nullable=False),
    Column("payment_terms", Text, nullable=False),
    Column("delivery_terms", Text, nullable=False),
    Column("visibility", String(20), nullable=False),
    Column("listed_sellers", ARRAY(Uuid), nullable=False),
    Column("urgency", String(20), nullable=False),
    Column("cut_off", Time, nullable=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("status", String(30), nullable=False),
    Column("status_reason", Text, nullable=True),
    *_stamps(),
    CheckConstraint(
        "min_quantity > 0 AND min_quantity <= preferred_quantity AND preferred_quantity <= max_quantity",
        name="quantities_ordered",
    ),
    CheckConstraint("fulfilled >= 0 AND fulfilled <= max_quantity", name="fulfilled_within_max"),
    CheckConstraint("max_price > 0 AND price_factor > 0", name="price_positive"),
    CheckConstraint(one_of("status", RequirementStatus), name="status_known"),
    CheckConstraint(one_of("visibility", Visibility), name="visibility_known"),
    CheckConstraint(one_of("urgency", Urgency), name="urgency_known"),
    Index("ix_requirements_buyer", "tenant_id", "buyer_partner_id", "created_at", "id"),
    Index("ix_requirements_fingerprint", "tenant_id", "fingerprint"),
    Index(
        "ix_requirements_open",
        "tenant_id",
        "commodity_id",
        "max_price_per_base",
        postgresql_where=text("status IN ('active', 'partially_fulfilled')"),
    ),
    Index(
        "ix_requirements_expiry",
        "expires_at",
        postgresql_where=text("status IN ('active', 'partially_fulfilled')"),
    ),
    schema=SCHEMA,
)

matches = Table(
    "matches",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("tenant_id", Uuid, nullable=False),
    Column("requirement_id", Uuid, ForeignKey(f"{SCHEMA}.requirements.id", ondelete="CASCADE"), nullable=False),
    Column("availability_id", Uuid, ForeignKey(f"{SCHEMA}.availabilities.id", ondelete="CASCADE"), nullable=False),
    Column("buyer_partner_id", Uuid, nullable=False),
    Column("seller_partner_id", Uuid, nullable=False),
    Column("token", String(64), nullable=False),
    Column("score", Numeric(5, 4), nullable=False),
    Column("quality_score", Numeric(5, 4), nullable=False),
    Column("price_score", Numeric(5, 4), nullable=False),
    Column("delivery_score", Numeric(5, 4), nullable=False),
    Column("risk_score", Numeric(5, 4), nullable=False),
    Column("reasons", JSONB, nullable=False),
    Column("distance_km", Numeric, nullable=False),
    Column("delivery_location_id", Uuid, nullable=False),
    Column("status", String(20), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("token", name="uq_matches_token"),
    UniqueConstraint("requirement_id", "availability_id", name="uq_matches_requirement_id"),
    CheckConstraint(
        "score BETWEEN 0 AND 1 AND quality_score BETWEEN 0 AND 1 AND price_score BETWEEN 0 AND 1"
        " AND delivery_score BETWEEN 0 AND 1 AND risk_score BETWEEN 0 AND 1",
        name="scores_in_unit_range",
    ),
    CheckConstraint(one_of("status", MatchStatus), name="status_known"),
    Index("ix_matches_availability", "availability_id"),
    schema=SCHEMA,
)

outbox = outbox_table(metadata, SCHEMA)
inbox = inbox_table(metadata, SCHEMA)
