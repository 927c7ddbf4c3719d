"""Documents: stored with their SHA-256, verified by staff only, capabilities follow; KYC renewal."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from backend.core.errors import Forbidden
from backend.modules.partners.application.commands.renew_kyc import RenewKyc, renew_kyc
from backend.modules.partners.application.commands.upload_document import (
    MAX_DOCUMENT_BYTES,
    UploadDocument,
    upload_document,
)
from backend.modules.partners.application.commands.verify_document import VerifyDocument, verify_document
from backend.modules.partners.application.errors import KycRenewalRefused, PartnerNotFound
from backend.modules.partners.application.queries.download_document import DownloadDocument, download_document
from backend.modules.partners.application.queries.get_capabilities import GetCapabilities, get_capabilities
from backend.modules.partners.application.views import PartnerView
from backend.modules.partners.domain.enums import DocumentType
from backend.modules.partners.domain.errors import InvalidPartnerInput, PartnerItemNotFound
from tests.service.partners.flows import approved, create
from tests.service.partners.world import World, head_office, partner_user, staff
from tests.unit.partners.builders import PAN_KA

PDF = b"%PDF-1.7 GST certificate of Unique Traders"


def upload(partner: PartnerView, kind: DocumentType, content: bytes = PDF, **extra: object) -> UploadDocument:
    return UploadDocument(partner.id, kind, content + kind.value.encode(), "application/pdf", **extra)  # type: ignore[arg-type]


async def test_the_content_is_stored_with_its_sha256(world: World) -> None:
    partner = await create(world)
    document = await upload_document(upload(partner, DocumentType.PAN_CARD), staff(), world.ctx)
    content = PDF + b"pan_card"
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.verified_at is None
    downloaded = await download_document(DownloadDocument(partner.id, document.id), staff(), world.ctx)
    assert (downloaded.content, downloaded.media_type, downloaded.sha256) == (
        content,
        "application/pdf",
        document.sha256,
    )


async def test_too_large_empty_or_unknown_content_is_refused_naming_the_field(world: World) -> None:
    partner = await create(world)
    too_big = UploadDocument(partner.id, DocumentType.IEC, b"x" * (MAX_DOCUMENT_BYTES + 1), "application/pdf")
    with pytest.raises(InvalidPartnerInput) as raised:
        await upload_document(too_big, staff(), world.ctx)
    assert [e.field for e in raised.value.errors] == ["content"]
    odd = UploadDocument(partner.id, DocumentType.IEC, b"", "application/x-msdownload")
    with pytest.raises(InvalidPartnerInput) as raised:
        await upload_document(odd, staff(), world.ctx)
    assert [e.field for e in raised.value.errors] == ["content", "media_type"]
    exactly_the_limit = UploadDocument(partner.id, DocumentType.IEC, b"x" * MAX_DOCUMENT_BYTES, "application/pdf")
    assert (await upload_document(exactly_the_limit, staff(), world.ctx)).type == "iec"


async def test_a_partner_user_uploads_for_its_own_partner_only(world: World) -> None:
    mine = await approved(world)
    theirs = await approved(world, pan=PAN_KA, tax_registrations=(), office=head_office(None))
    user = partner_user(mine.id)
    document = await upload_document(upload(mine, DocumentType.IEC), user, world.ctx)
    assert (await download_document(DownloadDocument(mine.id, document.id), user, world.ctx)).document_id == document.id
    with pytest.raises(PartnerNotFound):
        await upload_document(upload(theirs, DocumentType.IEC), user, world.ctx)
    with pytest.raises(Forbidden):
        await verify_document(VerifyDocument(mine.id, document.id), user, world.ctx)


async def test_verified_documents_grant_capabilities_and_publish_them(world: World) -> None:
    partner = await approved(world)
    checker = staff("back_office")
    none_yet = await get_capabilities(GetCapabilities(partner.id), staff(), world.ctx)
    assert none_yet.capabilities == ()
    for kind in (DocumentType.GST_CERTIFICATE, DocumentType.PAN_CARD):
        document = await upload_document(upload(partner, kind), staff(), world.ctx)
        verified = await verify_document(VerifyDocument(partner.id, document.id), checker, world.ctx)
        assert verified.verified_by == checker.user_id
    again = await verify_document(VerifyDocument(partner.id, document.id), staff(), world.ctx)
    assert again.verified_by == checker.user_id  # idempotent: the first verifier stays
    capabilities = await get_capabilities(GetCapabilities(partner.id), staff(), world.ctx)
    assert capabilities.capabilities == ("domestic_buy", "domestic_sell")
    events = world.events("partners.capabilities_changed.v1")
    assert [(e.cause, e.document_type, e.capabilities) for e in events] == [
        ("document_verified", "gst_certificate", ()),
        ("document_verified", "pan_card", ("domestic_buy", "domestic_sell")),
    ]


async def test_an_unknown_document_is_a_404(world: World) -> None:
    partner = await create(world)
    with pytest.raises(PartnerItemNotFound):
        await verify_document(VerifyDocument(partner.id, partner.id), staff(), world.ctx)
    with pytest.raises(PartnerItemNotFound):
        await download_document(DownloadDocument(partner.id, partner.id), staff(), world.ctx)


async def _verified(world: World, partner: PartnerView, *kinds: DocumentType) -> None:
    for kind in kinds:
        document = await upload_document(
            upload(partner, kind, content=world.today.isoformat().encode()), staff(), world.ctx
        )
        await verify_document(VerifyDocument(partner.id, document.id), staff(), world.ctx)


async def test_kyc_renewal_needs_the_documents_verified_again(world: World) -> None:
    partner = await approved(world)
    assert partner.kyc_expires_on == date(2027, 6, 15)
    await _verified(world, partner, DocumentType.GST_CERTIFICATE, DocumentType.PAN_CARD)
    with pytest.raises(KycRenewalRefused) as raised:  # not due: the window opens 90 days ahead
        await renew_kyc(RenewKyc(partner.id), staff(), world.ctx)
    assert raised.value.extra["opens_on"] == "2027-03-17"
    world.today = date(2027, 6, 1)
    with pytest.raises(KycRenewalRefused) as raised:  # due, but the documents were verified a year ago
        await renew_kyc(RenewKyc(partner.id), staff(), world.ctx)
    assert raised.value.extra["missing_documents"] == ["gst_certificate", "pan_card"]
    await _verified(world, partner, DocumentType.GST_CERTIFICATE)
    with pytest.raises(KycRenewalRefused) as raised:
        await renew_kyc(RenewKyc(partner.id), staff(), world.ctx)
    assert raised.value.extra["missing_documents"] == ["pan_card"]


async def test_kyc_renewal_after_expiry(world: World) -> None:
    partner = await approved(world)
    world.today = partner.kyc_expires_on + timedelta(days=20)  # type: ignore[operator]
    await _verified(world, partner, DocumentType.GST_CERTIFICATE, DocumentType.PAN_CARD)
    renewed = await renew_kyc(RenewKyc(partner.id), staff(), world.ctx)
    assert (renewed.kyc_status, renewed.kyc_expires_on) == ("verified", date(2028, 7, 5))
    [event] = world.events("partners.partner_kyc_renewed.v1")
    assert (event.expires_on, event.partner_code) == (date(2028, 7, 5), partner.code)
    with pytest.raises(Forbidden):
        await renew_kyc(RenewKyc(partner.id), partner_user(partner.id), world.ctx)
