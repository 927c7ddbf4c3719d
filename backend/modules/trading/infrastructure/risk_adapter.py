"""Risk verdicts for matching, from the risk context's published facade (``contracts/risk``)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from backend.contracts.risk.queries import RiskFacade, RiskPartyFacts
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
    """Asks ``RiskFacade.assess`` (credit, circular trading, party links) and keeps its outcome."""

    def __init__(self, facade: Callable[[DataScope], RiskFacade]) -> None:
        self._facade = facade

    async def verdict(
        self,
        tenant_id: uuid.UUID,
        buyer: PartyFacts,
        seller: PartyFacts,
        commodity_id: uuid.UUID,
        amount: Decimal,
        currency: str,
    ) -> RiskVerdict:
        assessment = await self._facade(DataScope(tenant_id=tenant_id)).assess(
            buyer.partner_id, seller.partner_id, commodity_id, amount, currency, _facts(buyer), _facts(seller)
        )
        return RiskVerdict(assessment.outcome)
