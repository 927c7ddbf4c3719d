"""The facade trading uses: one verdict from credit, circular trading and party links; the credit
check that refuses with 422 naming the figures; the circular check for postings."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from backend.contracts.risk.queries import CREDIT_LIMIT_EXCEEDED, OpenPostingRef, RiskFacade, RiskPartyFacts
from backend.core.principal import DataScope
from backend.modules.risk.application.context import RiskContext
from backend.modules.risk.application.facade import RiskFacadeService
from backend.modules.risk.domain.errors import CircularTradingRefused, CreditLimitExceeded, InvalidRiskInput
from tests.fakes.risk_events import partner_approved, trade_cancelled, trade_confirmed
from tests.service.risk.conftest import Deliver


def _facade(ctx: RiskContext, tenant: uuid.UUID, partner: uuid.UUID | None = None) -> RiskFacade:
    return RiskFacadeService(ctx, DataScope(tenant, partner))


def _facts(partner: uuid.UUID, **fields: object) -> RiskPartyFacts:
    return RiskPartyFacts(partner, **fields)  # type: ignore[arg-type]


async def test_an_unlinked_pair_within_credit_passes(ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "1000000"))
    verdict = await _facade(ctx, tenant).assess(
        buyer,
        seller,
        cotton,
        Decimal("105000"),
        "INR",
        _facts(buyer, pan="AAAPL1234C"),
        _facts(seller, pan="BBBPL1234C"),
    )
    assert (verdict.outcome, verdict.reasons) == ("pass", ())
    assert verdict.credit is not None
    assert (verdict.credit.limit, verdict.credit.exposure_after, verdict.credit.band_after) == (
        Decimal("1000000"),
        Decimal("105000"),
        "green",
    )


async def test_red_band_warns_and_over_the_limit_fails(ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(
        partner_approved(tenant, buyer, "100000"),
        trade_confirmed(tenant, buyer, seller, cotton, amount="50000", gst="0"),
    )
    facade = _facade(ctx, tenant)

    warned = await facade.assess(buyer, seller, cotton, Decimal("45000"), "INR", _facts(buyer), _facts(seller))
    assert (warned.outcome, warned.codes, warned.requires_internal_approval) == ("warn", ("credit.red_band",), True)
    at_limit = await facade.ensure_within_limit(buyer, Decimal("50000"), "INR")
    assert (at_limit.available, at_limit.within_limit, at_limit.utilization_after) == (
        Decimal("50000"),
        True,
        Decimal("100.00"),
    )

    failed = await facade.assess(buyer, seller, cotton, Decimal("50000.01"), "INR", _facts(buyer), _facts(seller))
    assert (failed.outcome, failed.codes) == ("fail", ("credit.limit_exceeded",))
    with pytest.raises(CreditLimitExceeded) as refused:
        await facade.ensure_within_limit(buyer, Decimal("50000.01"), "INR")
    assert refused.value.code == CREDIT_LIMIT_EXCEEDED
    assert refused.value.extra == {
        "limit": "100000",
        "exposure": "50000",
        "amount": "50000.01",
        "available": "50000",
        "currency": "INR",
        "limit_recorded": True,
        "partner_id": str(buyer),
    }


async def test_no_limit_or_another_currency_means_no_credit(
    ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID
) -> None:
    buyer, stranger = uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "100000"))
    facade = _facade(ctx, tenant)
    with pytest.raises(CreditLimitExceeded) as in_dollars:
        await facade.ensure_within_limit(buyer, Decimal("1"), "USD")
    assert in_dollars.value.extra["limit_recorded"] is False
    with pytest.raises(CreditLimitExceeded):
        await facade.ensure_within_limit(stranger, Decimal("0.01"), "INR")
    assert (await facade.ensure_within_limit(stranger, Decimal(0), "INR")).within_limit
    with pytest.raises(InvalidRiskInput):
        await facade.ensure_within_limit(buyer, Decimal("-1"), "INR")


async def test_party_links_block_or_warn(ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID) -> None:
    buyer, seller, cotton = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    await deliver(partner_approved(tenant, buyer, "1000000"))
    facade = _facade(ctx, tenant)
    same_pan = await facade.assess(
        buyer, seller, cotton, Decimal(1), "INR", _facts(buyer, pan="AAAPL1234C"), _facts(seller, pan="aaapl1234c")
    )
    assert (same_pan.outcome, same_pan.codes) == ("fail", ("party_link.same_pan",))
    assert same_pan.reasons[0].evidence == ("AAAPL1234C",)
    shared_domain = await facade.assess(
        buyer,
        seller,
        cotton,
        Decimal(1),
        "INR",
        _facts(buyer, emails=frozenset({"ravi@patelcotton.in"})),
        _facts(seller, emails=frozenset({"mehul@patelcotton.in"})),
    )
    assert (shared_domain.outcome, shared_domain.codes) == ("warn", ("party_link.same_email_domain",))


async def test_an_unsettled_opposite_trade_is_circular(ctx: RiskContext, deliver: Deliver, tenant: uuid.UUID) -> None:
    trader, other, cotton, wheat = uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    sold = trade_confirmed(tenant, other, trader, cotton)  # the trader sold cotton, not settled yet
    await deliver(partner_approved(tenant, trader, "1000000"), sold)
    facade = _facade(ctx, tenant, partner=trader)  # a partner user's request still sees the whole tenant

    third = uuid.uuid4()
    buying = await facade.assess(trader, third, cotton, Decimal(1), "INR", _facts(trader), _facts(third))
    assert (buying.outcome, buying.codes) == ("fail", ("circular.unsettled_opposite_trade",))
    assert sold.trade_number in buying.reasons[0].message
    # the other side of that trade bought cotton: it may not sell cotton back to the trader either
    back = await facade.assess(trader, other, cotton, Decimal(1), "INR", _facts(trader), _facts(other))
    assert back.codes == ("circular.unsettled_opposite_trade",) * 2
    assert (await facade.check_posting(trader, cotton, "sell")).allowed
    assert (await facade.check_posting(trader, wheat, "buy")).allowed
    with pytest.raises(CircularTradingRefused):
        await facade.ensure_posting_allowed(trader, cotton, "buy")

    await deliver(trade_cancelled(sold))
    assert (await facade.check_posting(trader, cotton, "buy")).allowed
    posting = OpenPostingRef(cotton, "sell", "AV-17")
    check = await facade.check_posting(trader, cotton, "buy", [posting])
    assert (check.outcome, [r.code for r in check.reasons]) == ("fail", ["circular.active_opposite_posting"])
    with pytest.raises(InvalidRiskInput):
        await facade.check_posting(trader, cotton, "hold")


def test_risk_decisions_need_a_tenant(ctx: RiskContext) -> None:
    with pytest.raises(ValueError, match="within a tenant"):
        RiskFacadeService(ctx, DataScope(None, platform=True))
