"""A tenant admin replaces what a partner's documents grant, with a recorded reason."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.errors import FieldError
from backend.core.principal import Principal
from backend.modules.partners.application.access import (
    OVERRIDE_CAPABILITIES,
    ensure_internal,
    ensure_role,
    load_partner,
)
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import capabilities_view
from backend.modules.partners.application.views import CapabilitiesView
from backend.modules.partners.domain.approval import TENANT_ADMIN
from backend.modules.partners.domain.capabilities import Capability
from backend.modules.partners.domain.errors import InvalidPartnerInput


@dataclass(frozen=True)
class OverrideCapabilities:
    partner_id: uuid.UUID
    capabilities: frozenset[str]  # domestic_buy, domestic_sell, import, export; empty: none at all
    reason: str


def _capabilities(names: frozenset[str]) -> frozenset[Capability]:
    known = {c.value for c in Capability}
    if unknown := sorted(names - known):
        message = f"unknown capabilities {', '.join(unknown)}; use some of {', '.join(sorted(known))}"
        raise InvalidPartnerInput([FieldError("capabilities", message)])
    return frozenset(Capability(name) for name in names)


async def override_capabilities(
    command: OverrideCapabilities, actor: Principal, ctx: PartnersContext
) -> CapabilitiesView:
    """The override applies only while the partner is approved, and never to a service provider."""
    ensure_internal(actor, "override trade capabilities")
    ensure_role(actor, TENANT_ADMIN, "override trade capabilities")
    capabilities = _capabilities(command.capabilities)
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, OVERRIDE_CAPABILITIES, for_update=True)
        partner.override_capabilities(capabilities, command.reason, actor.user_id)
        await uow.partners.save(partner)
        await uow.commit()
    return capabilities_view(partner, ctx.today())
