"""Matching asks for one buyer's verdicts on several sellers' offers at once: each answer is the one
``assess`` gives for that pair alone, in the order asked."""

from __future__ import annotations

import uuid
from decimal import Decimal

from backend.contracts.risk.queries import RiskPartyFacts, SellerOffer
from backend.core.principal import DataScope
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.facade import RiskFacadeService
from tests.fakes.risk_events import partner_approved, trade_confirmed
from tests.service.risk.conftest import Deliver


async def test_each_offer_gets_the_verdict_it_would_get_alone(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, clean, linked, circular, unknown, cotton = (uuid.uuid4() for _ in range(6))
    await deliver(
        partner_approved(tenant, buyer, "100000"),
        trade_confirmed(tenant, buyer, clean, cotton, amount="40000", gst="0"),  # exposure 40000
        trade_confirmed(tenant, circular, uuid.uuid4(), cotton),  # ``circular`` bought cotton, unsettled
    )
    facade = RiskFacadeService(ctx, DataScope(tenant))
    buyer_facts = RiskPartyFacts(buyer, pan="AAAPL1234C", emails=frozenset({"ravi@patelcotton.in"}))
    offers = [
        SellerOffer(clean, RiskPartyFacts(clean), Decimal("10000")),
        SellerOffer(linked, RiskPartyFacts(linked, emails=frozenset({"mehul@patelcotton.in"})), Decimal("10000")),
        SellerOffer(circular, RiskPartyFacts(circular), Decimal("10000")),
        SellerOffer(clean, RiskPartyFacts(clean), Decimal("60000.01")),  # over the limit: fails
        SellerOffer(unknown, RiskPartyFacts(unknown, pan="aaapl1234c"), Decimal("1")),
    ]

    together = await facade.assess_offers(buyer, buyer_facts, cotton, "INR", offers)

    alone = [
        await facade.assess(buyer, o.seller_partner_id, cotton, o.amount, "INR", buyer_facts, o.seller_facts)
        for o in offers
    ]
    assert together == alone
    assert [a.codes for a in together] == [
        (),
        ("party_link.same_email_domain",),
        ("circular.unsettled_opposite_trade",),
        ("credit.limit_exceeded",),
        ("party_link.same_pan",),
    ]
    assert await facade.assess_offers(buyer, buyer_facts, cotton, "INR", []) == []
