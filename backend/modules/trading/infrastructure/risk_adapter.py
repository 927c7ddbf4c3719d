"""Risk verdicts for matching, from the risk context's published facade (``contracts/risk``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from decimal import Decimal

from backend.contracts.risk.queries import RiskFacade, RiskPartyFacts, SellerOffer
from backend.core.principal import DataScope
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.facts import PartyFacts


def _facts(party: PartyFacts) -> RiskPartyFacts:
    return RiskPartyFacts(
        partner_id=party.partner_id,
        pan=party.pan,
        gstins=party.gstins,
        mobiles=party.mobiles,
        emails=party.emails,
        group_id=party.corporate_group_id,
        master_partner_id=party.master_partner_id,
    )


class FacadeRiskVerdicts:
    """Asks ``RiskFacade.assess_offers`` (credit, circular trading, party links) and keeps the outcomes."""

    def __init__(self, facade: Callable[[DataScope], RiskFacade]) -> None:
        self._facade = facade

    async def verdicts(
        self,
        tenant_id: uuid.UUID,
        buyer: PartyFacts,
        commodity_id: uuid.UUID,
        currency: str,
        offers: Sequence[tuple[PartyFacts, Decimal]],
    ) -> list[RiskVerdict]:
        sellers = [SellerOffer(seller.partner_id, _facts(seller), amount) for seller, amount in offers]
        facade = self._facade(DataScope(tenant_id=tenant_id))
        assessments = await facade.assess_offers(buyer.partner_id, _facts(buyer), commodity_id, currency, sellers)
        return [RiskVerdict(a.outcome) for a in assessments]
