"""Why a pair did not match: the domain's filters run on the stored postings with the facts the
application would fetch (the application itself keeps matches only, never the refusals)."""

from __future__ import annotations

import uuid

from backend.core.principal import DataScope
from backend.modules.trading.application.facts import party_facts
from backend.modules.trading.application.matching import may_trade
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.matching import Candidate, evaluate
from backend.modules.trading.domain.scoring import DEFAULT_CONFIG
from tests.service.trading.world import TENANT, World


async def failed_rules(world: World, requirement_id: uuid.UUID, availability_id: uuid.UUID) -> set[str]:
    async with world.fake.uow(DataScope(TENANT)) as uow:
        requirement = await uow.requirements.get(requirement_id)
        availability = await uow.availabilities.get(availability_id)
    assert requirement is not None
    assert availability is not None
    _, buyer, buyer_caps = world.partners.partners[requirement.buyer_partner_id]
    _, seller, seller_caps = world.partners.partners[availability.seller_partner_id]
    verdict = world.risk.by_pair.get((buyer.id, seller.id), RiskVerdict.PASS)
    candidate = Candidate(
        availability,
        party_facts(seller),
        verdict,
        buyer_capable=may_trade(buyer_caps, requirement.delivery_points[0].place.country, buying=True),
        seller_capable=may_trade(seller_caps, availability.ship_from.country, buying=False),
    )
    evaluation = evaluate(requirement, party_facts(buyer), candidate, world.now, DEFAULT_CONFIG)
    assert evaluation.result is None
    return {failure.rule for failure in evaluation.failures}
