"""The utilization bands come from the tenant's configuration, else the defaults."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from backend.modules.risk.application.settings import UTILIZATION_BANDS, ConfiguredBands, bands_from
from backend.modules.risk.domain.exposure import DEFAULT_BANDS, UtilizationBands


class Reader:
    def __init__(self, values: dict[uuid.UUID, Any]) -> None:
        self.values = values

    async def value(self, key: str, *, tenant_id: uuid.UUID | None = None, branch_id: uuid.UUID | None = None) -> Any:
        assert key == UTILIZATION_BANDS.key
        return self.values.get(tenant_id, UTILIZATION_BANDS.default) if tenant_id else None

    async def flag(self, name: str, *, tenant_id: uuid.UUID | None = None) -> bool:
        return False


def test_the_key_is_declared_for_platform_and_tenant_with_the_spec_defaults() -> None:
    assert UTILIZATION_BANDS.scopes == ("platform", "tenant")
    assert bands_from(UTILIZATION_BANDS.default) == DEFAULT_BANDS == UtilizationBands(Decimal(50), Decimal(90))


def test_a_partial_or_contradictory_value_falls_back_to_the_defaults() -> None:
    assert bands_from({"red_from": "80"}) == UtilizationBands(Decimal(50), Decimal(80))
    assert bands_from({"yellow_from": "95"}) == DEFAULT_BANDS  # above the default red_from
    assert bands_from(None) == DEFAULT_BANDS


async def test_each_tenant_reads_its_own_bands() -> None:
    strict, lenient = uuid.uuid4(), uuid.uuid4()
    source = ConfiguredBands(Reader({strict: {"yellow_from": "30", "red_from": "60"}}))
    assert await source.for_tenant(strict) == UtilizationBands(Decimal(30), Decimal(60))
    assert await source.for_tenant(lenient) == DEFAULT_BANDS
