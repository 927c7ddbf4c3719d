"""``mandi demo`` data: a tenant whose admin finds partners in onboarding and a small cotton market
(approved partners, postings, matches, one trade and its part-paid receivable), created once."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from backend.app.bootstrap import Container
from backend.app.demo import DEMO_EMAIL, DEMO_PASSWORD, ensure_demo_tenant
from backend.app.demo_market import FIRST_INSTALMENT, FIRST_INSTALMENT_UTR
from backend.app.demo_staff import CHECKER_EMAIL, CHECKER_PASSWORD, signed_in
from backend.core.principal import SYSTEM_SCOPE, Principal
from backend.modules.finance.application.queries.list_receivables import ListReceivables, list_receivables
from backend.modules.partners.application.ports import PartnerFilter
from backend.modules.risk.application.queries.get_exposure import GetExposure, get_exposure
from backend.modules.risk.application.queries.list_positions import ListPositions, list_positions
from backend.modules.trading.application.deal_views import TradeView
from backend.modules.trading.application.ports import DealFilter, PostingFilter
from backend.modules.trading.application.queries.get_contract import GetContract, get_contract
from backend.modules.trading.application.queries.list_deals import ListDeals, list_trades
from backend.modules.trading.application.queries.list_matches import ListMatches, list_matches
from backend.modules.trading.application.queries.list_postings import (
    ListPostings,
    list_availabilities,
    list_requirements,
)

BALE_KG = Decimal("170")


async def _statuses(container: Container, *name_prefixes: str) -> dict[str, str]:
    async with container.partners_uow(SYSTEM_SCOPE) as uow:
        found = [p for n in name_prefixes for p in await uow.partners.search(PartnerFilter(limit=10, name_prefix=n))]
    return {p.profile.legal_name: p.status.value for p in found}


async def _only_trade(container: Container, admin: Principal) -> TradeView:
    trades = await list_trades(ListDeals(DealFilter(limit=10)), admin, container.trading)
    assert len(trades.items) == 1
    return trades.items[0]


async def test_the_demo_tenant_comes_with_partners_in_onboarding_once(container: Container) -> None:
    assert await ensure_demo_tenant(container) is True
    assert await ensure_demo_tenant(container) is False
    assert await _statuses(container, "Shree Ganesh Ginning", "Kaveri Spinning") == {
        "Shree Ganesh Ginning Private Limited": "pending_review",
        "Kaveri Spinning Mills Limited": "draft",
    }


async def test_the_demo_market_has_postings_matches_a_trade_and_a_part_paid_receivable(container: Container) -> None:
    assert await ensure_demo_tenant(container) is True
    admin = await signed_in(container, DEMO_EMAIL, DEMO_PASSWORD)
    assert await signed_in(container, CHECKER_EMAIL, CHECKER_PASSWORD)  # the printed checker can sign in
    assert await _statuses(container, "Saurashtra Kapas", "Kongu Spinning") == {
        "Saurashtra Kapas Ginning and Pressing LLP": "approved",
        "Kongu Spinning Mills Private Limited": "approved",
    }

    postings = ListPostings(PostingFilter(limit=10))
    lots = (await list_availabilities(postings, admin, container.trading)).items
    assert sorted((lot.status, lot.total / BALE_KG, lot.sold / BALE_KG) for lot in lots) == [
        ("active", Decimal("80"), Decimal("0")),
        ("active", Decimal("100"), Decimal("60")),
    ]
    (requirement,) = (await list_requirements(postings, admin, container.trading)).items
    assert (requirement.status, requirement.fulfilled / BALE_KG) == ("partially_fulfilled", Decimal("60"))
    matches = await list_matches(ListMatches(requirement.id), admin, container.trading)
    assert [m.status for m in matches.items] == ["open"]  # the traded lot's match closed; the other waits

    trade = await _only_trade(container, admin)
    assert trade.number == f"TR-{datetime.now(UTC).astimezone(ZoneInfo('Asia/Kolkata')).year}-000001"
    assert (trade.status, trade.quantity / BALE_KG, trade.price_unit) == ("active", Decimal("60"), "CANDY")
    # Gujarat to Tamil Nadu: inter-state, so IGST only
    assert (trade.tax_regime, trade.cgst, trade.sgst) == ("inter_state", Decimal("0"), Decimal("0"))
    assert trade.igst == (trade.amount * trade.gst_rate / 100).quantize(Decimal("0.01"))
    assert trade.total == trade.amount + trade.igst
    assert (await get_contract(GetContract(trade.id), admin, container.trading)).contract_version == 1

    (receivable,) = (await list_receivables(ListReceivables(limit=10), admin, container.finance)).items
    assert (receivable.trade_number, receivable.status) == (trade.number, "open")
    assert [(p.amount, p.method, p.reference) for p in receivable.payments] == [
        (FIRST_INSTALMENT, "neft", FIRST_INSTALMENT_UTR)
    ]
    assert receivable.outstanding == trade.total - FIRST_INSTALMENT

    exposure = await get_exposure(GetExposure(trade.buyer_partner_id), admin, container.risk)
    assert exposure.limit is not None  # set from the approval before the mill could trade
    assert (exposure.exposure, exposure.open_trades) == (receivable.outstanding, 1)
    (position,) = (await list_positions(ListPositions(limit=10), admin, container.risk)).items
    assert (position.long_quantity, position.short_quantity) == (trade.quantity, trade.quantity)

    assert await ensure_demo_tenant(container) is False
    assert (await _only_trade(container, admin)).id == trade.id
