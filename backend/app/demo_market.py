"""A small India-cotton market for the demo tenant, built only through the contexts' use cases.

A Rajkot ginner and a Coimbatore mill are onboarded and approved (maker-checker), the ginner's two
Shankar-6 lots meet the mill's requirement, one negotiation ends in trade TR-<year>-000001 with its
contract, and the mill's first NEFT instalment is recorded against the receivable. Between the
steps the outbox relay delivers the events, as the worker would: risk sets credit limits from the
approvals before anything trades, finance opens the receivable from the booked trade.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal

from backend.app.bootstrap import Container
from backend.app.demo_parties import COIMBATORE_MILL, RAJKOT_GINNER
from backend.app.demo_partners import approved_partner
from backend.app.demo_staff import demo_checker
from backend.app.demo_trading import INR, trade_cotton
from backend.core.clock import utc_now
from backend.core.principal import SYSTEM_SCOPE, Principal
from backend.modules.commodities.application.commands.seed_commodities import seed_commodities
from backend.modules.commodities.infrastructure.seed_catalogue import COTTON
from backend.modules.finance.application.commands.record_payment import RecordPayment, record_payment

log = logging.getLogger(__name__)

FIRST_INSTALMENT = Decimal("500000.00")
FIRST_INSTALMENT_UTR = "CNRBN26105004417"  # the mill's bank (Canara) NEFT reference


async def seed_demo_market(container: Container, admin: Principal) -> None:
    if container.broker is not None:
        # with a broker the relay hands events to workers, so risk would not have set the credit
        # limits by the time the demo books its trade
        log.warning("demo market skipped: it needs in-process event delivery (MANDI_BROKER_URL is set)")
        return
    if container.outgoing_messages.channels:
        # the checker activates with the code of its invitation, read from the development mailbox,
        # and the demo partners' made-up contacts must not really get invitations and match notices
        log.warning("demo market skipped: it needs the development mailbox (an e-mail or SMS transport is set)")
        return
    checker = await demo_checker(container, admin)
    seller = await approved_partner(container, admin, checker, RAJKOT_GINNER)
    buyer = await approved_partner(container, admin, checker, COIMBATORE_MILL)
    await container.relay.drain()  # risk sets the credit limits from partners.partner_approved.v1
    trade = await trade_cotton(container, admin, await _cotton_id(container), seller, buyer)
    await container.relay.drain()  # finance opens the receivable, risk counts the trade
    await _first_instalment(container, checker, trade.id)
    await container.relay.drain()  # risk lowers the mill's exposure by the payment


async def _cotton_id(container: Container) -> uuid.UUID:
    # the catalogue's cotton, seeded here too (existing codes are kept) so the demo does not depend
    # on `mandi seed` having run first
    await seed_commodities((COTTON,), lambda: container.commodities_uow(SYSTEM_SCOPE))
    cotton = await container.commodity_facade(SYSTEM_SCOPE).get_commodity_by_code(COTTON.code)
    return cotton.id


async def _first_instalment(container: Container, back_office: Principal, trade_id: uuid.UUID) -> None:
    """The back office records the mill's first NEFT instalment; the rest stays outstanding."""
    payment = RecordPayment(trade_id, FIRST_INSTALMENT, INR, utc_now().date(), "neft", FIRST_INSTALMENT_UTR)
    await record_payment(payment, back_office, container.finance)
