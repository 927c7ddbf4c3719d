"""The shape every partner change shares: load what the actor may reach, change, save, commit."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from backend.core.principal import Principal
from backend.modules.partners.application.access import ensure_internal, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.ports import PartnersUnitOfWork
from backend.modules.partners.application.reading import partner_view
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.partner import Partner

Change = Callable[[Partner, PartnersUnitOfWork], Awaitable[None]]


async def change_partner(
    partner_id: uuid.UUID,
    actor: Principal,
    ctx: PartnersContext,
    permission: str,
    change: Change,
    *,
    internal_only: str | None = None,
) -> PartnerView:
    """Apply ``change`` in one unit of work; ``internal_only`` names the action partner users may not do."""
    if internal_only is not None:
        ensure_internal(actor, internal_only)
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, partner_id, actor, permission, for_update=True)
        await change(partner, uow)
        await uow.partners.save(partner)
        await uow.commit()
    return partner_view(partner)
