"""The risk context's runtime configuration: the utilization band thresholds, per tenant.

``risk.utilization_bands`` holds ``yellow_from`` and ``red_from`` in percent of the credit limit,
as decimal strings (never JSON floats); a key left out keeps its default (50 and 90). Values that
break ``0 < yellow_from < red_from`` cannot be expressed in the schema, so they are ignored with a
warning and the defaults apply: a bad setting must not stop trades from being booked.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal
from typing import Any

from backend.contracts.platform.config import declare
from backend.contracts.platform.queries import ConfigReader
from backend.modules.risk.domain.errors import InvalidRiskInput
from backend.modules.risk.domain.exposure import DEFAULT_BANDS, UtilizationBands

log = logging.getLogger(__name__)

_PERCENT = {
    "type": "string",
    "pattern": r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$",
    "description": 'percent of the credit limit, e.g. "50"',
}
UTILIZATION_BANDS = declare(
    "risk.utilization_bands",
    "Credit utilization bands in percent of the limit: green below yellow_from, red from red_from",
    schema={
        "type": "object",
        "additionalProperties": False,
        "properties": {"yellow_from": _PERCENT, "red_from": _PERCENT},
    },
    default={"yellow_from": "50", "red_from": "90"},
    scopes=("platform", "tenant"),
)


def bands_from(value: dict[str, Any] | None) -> UtilizationBands:
    """The bands a configured value describes; the defaults for what it leaves out or gets wrong."""
    value = value or {}
    try:
        return UtilizationBands(
            Decimal(value.get("yellow_from", DEFAULT_BANDS.yellow_from)),
            Decimal(value.get("red_from", DEFAULT_BANDS.red_from)),
        )
    except InvalidRiskInput:
        log.warning("ignoring %s %s: yellow_from must be below red_from", UTILIZATION_BANDS.key, value)
        return DEFAULT_BANDS


class ConfiguredBands:
    """``BandsSource`` over the platform's runtime configuration."""

    def __init__(self, reader: ConfigReader) -> None:
        self._reader = reader

    async def for_tenant(self, tenant_id: uuid.UUID) -> UtilizationBands:
        return bands_from(await self._reader.value(UTILIZATION_BANDS.key, tenant_id=tenant_id))


class FixedBands:
    """The same bands for every tenant (tests, tools)."""

    def __init__(self, bands: UtilizationBands = DEFAULT_BANDS) -> None:
        self.bands = bands

    async def for_tenant(self, tenant_id: uuid.UUID) -> UtilizationBands:
        return self.bands
