"""The content of an uploaded document, as stored, with its SHA-256."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.core.principal import Principal
from backend.modules.partners.application.access import READ, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.views import DocumentContentView
from backend.modules.partners.domain.errors import PartnerItemNotFound


@dataclass(frozen=True)
class DownloadDocument:
    partner_id: uuid.UUID
    document_id: uuid.UUID


async def download_document(query: DownloadDocument, actor: Principal, ctx: PartnersContext) -> DocumentContentView:
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, query.partner_id, actor, READ)
        document = next((d for d in partner.documents if d.id == query.document_id), None)
        stored = None if document is None else await uow.documents.get(document.id)
    if document is None or stored is None:
        raise PartnerItemNotFound("document", query.document_id)
    media_type, content = stored
    return DocumentContentView(document.id, partner.id, document.type.value, media_type, document.sha256, content)
