"""Two clerks onboarding the same business at the same moment: exactly one draft is created."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

from sqlalchemy import delete

from backend.app.bootstrap import Container
from backend.modules.partners.application.commands.create_partner import CreatePartner, create_partner
from backend.modules.partners.application.errors import DuplicatePartnerIdentifier
from backend.modules.partners.application.inputs import LocationInput
from backend.modules.partners.infrastructure.record_tables import code_sequences
from backend.modules.partners.infrastructure.tables import PartnerRow, outbox
from tests.conftest import platform_session
from tests.integration.partners.builders import foreign_broker_profile, head_office, indian_profile, new_pan
from tests.service.partners.world import staff


async def test_concurrent_onboardings_of_one_pan_leave_one_partner(
    committed_container: Callable[[], Container],
) -> None:
    container, tenant = committed_container(), uuid.uuid4()
    pan = new_pan()
    office = head_office(pan)
    location = LocationInput(office.kind, office.name, office.address, office.state_code, office.gstin)
    indian = CreatePartner(indian_profile(pan, master_partner_id=None, group_id=None), location)
    # a foreign entity may hold an Indian PAN too; it numbers its code on another counter, so nothing
    # but the identifier lock serialises it against the Indian onboarding
    foreign_office = head_office(None)
    foreign = CreatePartner(
        foreign_broker_profile(pan=pan),
        LocationInput(foreign_office.kind, foreign_office.name, foreign_office.address, None, None),
    )

    async def onboard(command: CreatePartner) -> str:
        try:
            return (await create_partner(command, staff("trader", tenant=tenant), container.partners)).code
        except DuplicatePartnerIdentifier as duplicate:
            return f"refused: {duplicate.extra['existing_partner_code']}"

    try:
        outcomes = sorted(await asyncio.gather(*(onboard(c) for c in (indian, foreign, indian, foreign))))
        created = [o for o in outcomes if not o.startswith("refused")]
        assert len(created) == 1, outcomes
        assert [o for o in outcomes if o.startswith("refused")] == [f"refused: {created[0]}"] * 3  # names the winner
    finally:
        async with platform_session(container) as session:
            await session.execute(delete(outbox).where(outbox.c.tenant_id == str(tenant)))
            await session.execute(delete(PartnerRow).where(PartnerRow.tenant_id == tenant))
            await session.execute(delete(code_sequences).where(code_sequences.c.tenant_id == tenant))
