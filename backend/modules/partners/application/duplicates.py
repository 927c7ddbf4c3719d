"""Duplicate detection: a PAN or GSTIN belongs to one partner of a tenant, except within a group
structure, where branch entities point at the same master (or at each other as master)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from backend.core.errors import FieldError
from backend.modules.partners.application.errors import DuplicatePartnerIdentifier
from backend.modules.partners.application.ports import IdentifierHolder, PartnersUnitOfWork
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.errors import InvalidPartnerInput
from backend.modules.partners.domain.profile import PartnerProfile


def related(partner_id: uuid.UUID | None, master_id: uuid.UUID | None, holder: IdentifierHolder) -> bool:
    """Whether the holder and the partner are one group structure that may share identifiers."""
    if master_id is not None and master_id in (holder.master_partner_id, holder.partner_id):
        return True
    return partner_id is not None and holder.master_partner_id == partner_id


async def ensure_unique(
    uow: PartnersUnitOfWork,
    *,
    partner_id: uuid.UUID | None,
    master_id: uuid.UUID | None,
    pan: str | None,
    gstins: Iterable[str],
) -> None:
    """Raise ``DuplicatePartnerIdentifier`` (409) naming the first other partner holding one of them."""
    pans = {ids.normalize_pan(pan)} if pan else set()
    numbers = {ids.normalize_gstin(g) for g in gstins}
    if not pans and not numbers:
        return
    for holder in await uow.partners.holders_of(pans, numbers):
        if holder.partner_id == partner_id or related(partner_id, master_id, holder):
            continue
        kind = "PAN" if holder.identifier in pans else "GSTIN"
        raise DuplicatePartnerIdentifier(kind, holder.identifier, holder.partner_code, holder.partner_id)


async def ensure_master_exists(uow: PartnersUnitOfWork, profile: PartnerProfile, partner_id: uuid.UUID | None) -> None:
    """A branch entity's master must be another partner of the same tenant."""
    master_id = profile.master_partner_id
    if master_id is None:
        return
    if master_id == partner_id:
        raise InvalidPartnerInput([FieldError("master_partner_id", "a partner cannot be its own master")])
    if await uow.partners.get(master_id) is None:
        raise InvalidPartnerInput([FieldError("master_partner_id", f"no partner {master_id} to be the master")])


def all_gstins(profile: PartnerProfile, location_gstins: Iterable[str | None]) -> list[str]:
    return [*profile.gstins, *(g for g in location_gstins if g is not None)]
