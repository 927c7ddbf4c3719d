"""The daily KYC job: reminders at 90, 60, 30 and 7 days, caught up once; expiry; suspension."""

from __future__ import annotations

from datetime import date, timedelta

from backend.modules.partners.application.kyc_job import run_kyc_job
from backend.modules.partners.application.ports import PartnerSettings
from backend.modules.partners.application.queries.get_partner import GetPartner, get_partner
from backend.modules.partners.application.queries.kyc_expiring import KycExpiring, kyc_expiring
from backend.modules.partners.application.views import KycJobResult
from tests.service.partners.flows import approved
from tests.service.partners.world import BRANCH_A, BRANCH_B, TENANT, World, head_office, staff
from tests.unit.partners.builders import PAN_KA, PAN_TN

EXPIRES = date(2027, 6, 15)  # approved on TODAY, valid one year


def reminders(world: World) -> list[tuple[str, int]]:
    return [(e.partner_code, e.days_before) for e in world.events("partners.partner_kyc_expiring.v1")]


async def run_on(world: World, day: date) -> KycJobResult:
    world.today = day
    return await run_kyc_job(world.ctx)


async def test_each_reminder_goes_out_once_on_its_day(world: World) -> None:
    partner = await approved(world)
    assert partner.kyc_expires_on == EXPIRES
    assert (await run_on(world, EXPIRES - timedelta(days=91))).reminders == 0  # not yet due: not even a candidate
    for days in (90, 60, 30, 7):
        result = await run_on(world, EXPIRES - timedelta(days=days))
        assert (result.reminders, result.expired) == (1, 0)
        assert (await run_on(world, EXPIRES - timedelta(days=days))).reminders == 0  # a second run: nothing new
    assert reminders(world) == [(partner.code, 90), (partner.code, 60), (partner.code, 30), (partner.code, 7)]
    [first, *_] = world.events("partners.partner_kyc_expiring.v1")
    assert first.expires_on == EXPIRES


async def test_missed_days_are_caught_up_with_the_nearest_reminder_only(world: World) -> None:
    partner = await approved(world)
    await run_on(world, EXPIRES - timedelta(days=75))  # the 90-day one, 15 days late
    assert reminders(world) == [(partner.code, 90)]
    await run_on(world, EXPIRES - timedelta(days=5))  # down for weeks: 60 and 30 lapse, 7 goes out
    assert reminders(world) == [(partner.code, 90), (partner.code, 7)]
    await run_on(world, EXPIRES - timedelta(days=1))
    assert len(reminders(world)) == 2


async def test_lapsed_kyc_expires_and_the_partner_keeps_trading_by_default(world: World) -> None:
    partner = await approved(world)
    assert (await run_on(world, EXPIRES)).expired == 0  # valid through its last day
    result = await run_on(world, EXPIRES + timedelta(days=1))
    assert (result.expired, result.suspended) == (1, 0)
    after = await get_partner(GetPartner(partner.id), staff(), world.ctx)
    assert (after.kyc_status, after.status) == ("expired", "approved")
    [event] = world.events("partners.partner_kyc_expired.v1")
    assert event.expired_on == EXPIRES
    assert (await run_on(world, EXPIRES + timedelta(days=2))).checked == 0  # expired ones are done


async def test_lapsed_kyc_suspends_when_the_tenant_says_so(world: World) -> None:
    world.settings.by_tenant[TENANT] = PartnerSettings(suspend_on_kyc_expiry=True)
    partner = await approved(world)
    result = await run_on(world, EXPIRES + timedelta(days=3))
    assert (result.expired, result.suspended) == (1, 1)
    after = await get_partner(GetPartner(partner.id), staff(), world.ctx)
    assert (after.status, after.status_reason) == ("suspended", "KYC expired on 2027-06-15")
    [suspended] = world.events("partners.partner_suspended.v1")
    assert suspended.suspended_by is None


async def test_the_expiring_list_is_soonest_first_within_branch_scope(world: World) -> None:
    first = await approved(world, branch_id=BRANCH_A)
    world.today += timedelta(days=10)
    second = await approved(world, pan=PAN_KA, tax_registrations=(), office=head_office(None), branch_id=BRANCH_B)
    world.today += timedelta(days=10)
    third = await approved(world, pan=PAN_TN, tax_registrations=(), office=head_office(None), branch_id=BRANCH_A)
    world.today = EXPIRES - timedelta(days=20)
    page = await kyc_expiring(KycExpiring(days=45, limit=2), staff(), world.ctx)
    assert [p.code for p in page.items] == [first.code, second.code]
    rest = await kyc_expiring(KycExpiring(days=45, limit=2, after_code=page.next_after), staff(), world.ctx)
    assert ([p.code for p in rest.items], rest.next_after) == ([third.code], None)
    scoped = await kyc_expiring(KycExpiring(days=45, limit=1), staff(branches=frozenset({BRANCH_A})), world.ctx)
    assert [p.code for p in scoped.items] == [first.code]
    more = await kyc_expiring(
        KycExpiring(days=45, limit=1, after_code=scoped.next_after), staff(branches=frozenset({BRANCH_A})), world.ctx
    )
    assert [p.code for p in more.items] == [third.code]
    assert (await kyc_expiring(KycExpiring(days=5), staff(), world.ctx)).items == ()
