"""A tenant's staff member verifies an uploaded document; capabilities follow verified documents."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import VERIFY_DOCUMENTS, ensure_internal, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import document_view
from backend.modules.partners.application.views import DocumentView


@dataclass(frozen=True)
class VerifyDocument:
    partner_id: uuid.UUID
    document_id: uuid.UUID


async def verify_document(command: VerifyDocument, actor: Principal, ctx: PartnersContext) -> DocumentView:
    """Idempotent: a verified document stays verified by whoever verified it first."""
    ensure_internal(actor, "verify documents")
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, VERIFY_DOCUMENTS, for_update=True)
        document = partner.verify_document(command.document_id, actor.user_id, ctx.now())
        await uow.partners.save(partner)
        await uow.commit()
    return document_view(document)
