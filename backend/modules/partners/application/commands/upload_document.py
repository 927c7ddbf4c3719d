"""Upload a KYC document: the content is stored with its SHA-256, which the partner keeps."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import date

from backend.core.errors import FieldError
from backend.core.ids import new_uuid
from backend.core.principal import Principal
from backend.modules.partners.application.access import UPDATE, load_partner
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.reading import document_view
from backend.modules.partners.application.views import DocumentView
from backend.modules.partners.domain.enums import DocumentType
from backend.modules.partners.domain.errors import InvalidPartnerInput
from backend.modules.partners.domain.parts import Document

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MEDIA_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png", "image/webp", "image/tiff"})


@dataclass(frozen=True)
class UploadDocument:
    partner_id: uuid.UUID
    type: DocumentType
    content: bytes
    media_type: str
    issued_on: date | None = None
    expires_on: date | None = None
    number: str | None = None  # e.g. the IEC or licence number printed on it
    country: str | None = None  # issuing country of a foreign tax registration or licence


def _content_errors(command: UploadDocument) -> list[FieldError]:
    errors: list[FieldError] = []
    if not command.content:
        errors.append(FieldError("content", "the document is empty"))
    elif len(command.content) > MAX_DOCUMENT_BYTES:
        errors.append(FieldError("content", f"a document may have at most {MAX_DOCUMENT_BYTES // 1024**2} MiB"))
    if command.media_type.split(";")[0].strip().lower() not in MEDIA_TYPES:
        allowed = ", ".join(sorted(MEDIA_TYPES))
        errors.append(FieldError("media_type", f"{command.media_type!r} is not accepted; upload one of {allowed}"))
    return errors


async def upload_document(command: UploadDocument, actor: Principal, ctx: PartnersContext) -> DocumentView:
    if errors := _content_errors(command):
        raise InvalidPartnerInput(errors)
    document = Document(
        id=new_uuid(),
        type=command.type,
        sha256=hashlib.sha256(command.content).hexdigest(),
        issued_on=command.issued_on,
        expires_on=command.expires_on,
        number=None if command.number is None else command.number.strip(),
        country=None if command.country is None else command.country.strip().upper(),
    )
    async with ctx.uow(actor.data_scope) as uow:
        partner = await load_partner(uow, command.partner_id, actor, UPDATE, for_update=True)
        partner.add_document(document)
        await uow.documents.put(
            partner.id, document.id, command.media_type.split(";")[0].strip().lower(), command.content
        )
        await uow.partners.save(partner)
        await uow.commit()
    return document_view(document)
