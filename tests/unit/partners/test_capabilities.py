"""Trade capabilities: derived from verified documents only, overridable with a reason."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backend.modules.partners.domain import events as ev
from backend.modules.partners.domain.capabilities import Capability
from backend.modules.partners.domain.enums import (
    DocumentType,
    EntityClass,
    PartnerStatus,
    ServiceProviderKind,
    TradeRole,
)
from backend.modules.partners.domain.errors import InvalidPartnerInput
from tests.unit.partners.builders import CHECKER, TODAY, approved, document, draft, foreign_profile, profile

D = DocumentType
BUY, SELL, IMP, EXP = Capability.DOMESTIC_BUY, Capability.DOMESTIC_SELL, Capability.IMPORT, Capability.EXPORT
ALL = frozenset({BUY, SELL, IMP, EXP})


@pytest.mark.parametrize(
    ("docs", "expected"),
    [
        ((), frozenset()),
        ((D.GST_CERTIFICATE,), frozenset()),
        ((D.PAN_CARD,), frozenset()),
        ((D.GST_CERTIFICATE, D.PAN_CARD), frozenset({BUY, SELL})),
        ((D.GST_CERTIFICATE, D.PAN_CARD, D.IEC), ALL),
        ((D.PAN_CARD, D.IEC), frozenset()),
        ((D.GST_CERTIFICATE, D.PAN_CARD, D.IMPORT_EXPORT_LICENCE), frozenset({BUY, SELL})),
        ((D.FOREIGN_TAX_REGISTRATION, D.IMPORT_EXPORT_LICENCE), frozenset()),
    ],
)
def test_indian_entity_matrix(docs: tuple[DocumentType, ...], expected: frozenset[Capability]) -> None:
    partner = approved(profile(), *(document(kind) for kind in docs))
    capabilities = partner.capabilities(TODAY)
    assert capabilities.capabilities == expected
    assert capabilities.home_country == "IN"


def test_unverified_or_expired_documents_do_not_count() -> None:
    unverified = approved(profile(), document(D.GST_CERTIFICATE, verified=False), document(D.PAN_CARD))
    assert unverified.capabilities(TODAY).capabilities == frozenset()
    expired = approved(profile(), document(D.GST_CERTIFICATE, expires_on=date(2026, 6, 14)), document(D.PAN_CARD))
    assert expired.capabilities(TODAY).capabilities == frozenset()
    assert "GST certificate" in expired.capabilities(TODAY).reasons[0]


@pytest.mark.parametrize(
    ("role", "expected"),
    [(TradeRole.BUYER, frozenset({BUY, IMP})), (TradeRole.SELLER, frozenset({SELL, EXP})), (TradeRole.BOTH, ALL)],
)
def test_trade_roles_limit_the_directions(role: TradeRole, expected: frozenset[Capability]) -> None:
    docs = (document(D.GST_CERTIFICATE), document(D.PAN_CARD), document(D.IEC))
    assert approved(profile(trade_role=role), *docs).capabilities(TODAY).capabilities == expected


@pytest.mark.parametrize(
    ("docs", "expected"),
    [
        ((), frozenset()),
        ((D.GST_CERTIFICATE, D.PAN_CARD, D.IEC), frozenset()),  # Indian papers do not qualify a German firm
        ((D.FOREIGN_TAX_REGISTRATION,), frozenset({BUY, SELL})),
        ((D.FOREIGN_TAX_REGISTRATION, D.IMPORT_EXPORT_LICENCE), ALL),
        ((D.IMPORT_EXPORT_LICENCE,), frozenset()),
    ],
)
def test_foreign_entity_matrix(docs: tuple[DocumentType, ...], expected: frozenset[Capability]) -> None:
    partner = approved(foreign_profile(), *(document(kind, country="DE") for kind in docs))
    capabilities = partner.capabilities(TODAY)
    assert capabilities.capabilities == expected
    assert capabilities.home_country == "DE"
    assert not capabilities.may_trade_domestically_in("IN", buying=True)
    assert capabilities.may_trade_domestically_in("DE", buying=True) is (BUY in expected)


def test_a_foreign_licence_must_match_the_home_country() -> None:
    docs = (document(D.FOREIGN_TAX_REGISTRATION, country="DE"), document(D.IMPORT_EXPORT_LICENCE, country="FR"))
    assert approved(foreign_profile(), *docs).capabilities(TODAY).capabilities == frozenset({BUY, SELL})


def test_service_providers_get_none_even_with_an_override() -> None:
    provider = profile(entity_class=EntityClass.SERVICE_PROVIDER, service_provider_kind=ServiceProviderKind.BROKER)
    partner = approved(provider, document(D.GST_CERTIFICATE), document(D.PAN_CARD), document(D.IEC))
    partner.override_capabilities(ALL, "broker trades on own account", CHECKER)
    assert partner.capabilities(TODAY).capabilities == frozenset()


def test_only_approved_partners_trade() -> None:
    partner = draft()
    partner.add_document(document(D.GST_CERTIFICATE))
    partner.add_document(document(D.PAN_CARD))
    assert partner.capabilities(TODAY).capabilities == frozenset()
    partner.status = PartnerStatus.SUSPENDED
    assert partner.capabilities(TODAY).capabilities == frozenset()


def test_an_override_wins_and_records_its_reason() -> None:
    partner = approved(profile(), document(D.GST_CERTIFICATE), document(D.PAN_CARD))
    partner.override_capabilities(frozenset({BUY}), "sell side blocked pending audit", CHECKER)
    capabilities = partner.capabilities(TODAY)
    assert capabilities.capabilities == frozenset({BUY})
    assert capabilities.overridden
    [event] = partner.pull_events()
    assert isinstance(event, ev.CapabilitiesOverridden)
    assert (event.capabilities, event.reason) == (("domestic_buy",), "sell side blocked pending audit")


def test_an_override_needs_a_real_reason() -> None:
    with pytest.raises(InvalidPartnerInput) as invalid:
        approved().override_capabilities(ALL, "  because ", CHECKER)
    assert invalid.value.errors[0].field == "reason"


def test_verifying_a_document_grants_capabilities() -> None:
    gst, pan = document(D.GST_CERTIFICATE, verified=False), document(D.PAN_CARD, verified=False)
    partner = approved(profile(), gst, pan)
    assert partner.capabilities(TODAY).capabilities == frozenset()
    partner.verify_document(gst.id, CHECKER)
    partner.verify_document(pan.id, CHECKER)
    partner.verify_document(pan.id, CHECKER)  # verifying twice changes nothing
    assert partner.capabilities(TODAY).capabilities == frozenset({BUY, SELL})
    assert [type(e) for e in partner.pull_events()] == [ev.DocumentVerified, ev.DocumentVerified]


def test_lapsed_kyc_stops_trade_from_the_day_after_expiry_even_before_the_job_runs() -> None:
    partner = approved(None, document(DocumentType.GST_CERTIFICATE), document(DocumentType.PAN_CARD))
    assert partner.kyc_expires_on is not None
    assert partner.capabilities(partner.kyc_expires_on).capabilities  # valid through its expiry day
    lapsed = partner.capabilities(partner.kyc_expires_on + timedelta(days=1))
    assert lapsed.capabilities == frozenset()
    assert "KYC expired" in lapsed.reasons[0]
    assert partner.kyc_expires_on > TODAY
