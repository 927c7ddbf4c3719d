"""Load a catalogue of reference commodities, skipping codes that already exist."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from backend.modules.commodities.application.commands.create_commodity import CreateCommodity, create_commodity
from backend.modules.commodities.application.unit_of_work import CommoditiesUnitOfWork
from backend.modules.commodities.domain.commodity import CommodityDefinition, normalize_code
from backend.modules.commodities.domain.errors import DuplicateCommodityCode


@dataclass(frozen=True)
class SeedResult:
    created: tuple[str, ...]
    skipped: tuple[str, ...]


async def seed_commodities(
    definitions: Sequence[CommodityDefinition], uow_factory: Callable[[], CommoditiesUnitOfWork]
) -> SeedResult:
    """Each commodity commits on its own, so a re-run (or a concurrent run) only adds what is missing."""
    created: list[str] = []
    skipped: list[str] = []
    for definition in definitions:
        try:
            await create_commodity(CreateCommodity(definition), uow_factory())
        except DuplicateCommodityCode:
            skipped.append(normalize_code(definition.code))
        else:
            created.append(normalize_code(definition.code))
    return SeedResult(tuple(created), tuple(skipped))
