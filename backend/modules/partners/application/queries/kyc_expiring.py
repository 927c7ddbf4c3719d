"""Partners whose verified KYC expires within the next ``days`` days, soonest first."""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.errors import FieldError
from backend.core.principal import Principal
from backend.modules.partners.application.access import READ, branches_of, ensure_internal
from backend.modules.partners.application.context import PartnersContext
from backend.modules.partners.application.ports import PartnerSummary
from backend.modules.partners.application.reading import summary_view
from backend.modules.partners.application.views import PartnerPageView
from backend.modules.partners.domain.errors import InvalidPartnerInput

MAX_DAYS = 366
MAX_PAGE = 200


@dataclass(frozen=True)
class KycExpiring:
    days: int = 30
    limit: int = 50
    after_code: str | None = None  # the ``next_after`` of the previous page


async def kyc_expiring(query: KycExpiring, actor: Principal, ctx: PartnersContext) -> PartnerPageView:
    ensure_internal(actor, "list other partners' KYC")
    if not 0 <= query.days <= MAX_DAYS:
        raise InvalidPartnerInput([FieldError("days", f"days must be between 0 and {MAX_DAYS}")])
    limit = max(1, min(query.limit, MAX_PAGE))
    branches = branches_of(actor, READ)
    visible: list[PartnerSummary] = []
    after = query.after_code
    async with ctx.uow(actor.data_scope) as uow:
        # the unit of work keeps to the actor's tenant; branch scope filters after the repository's
        # page, so read on until the page is full
        while len(visible) <= limit:
            batch = await uow.partners.kyc_expiring_summaries(
                ctx.today(), query.days, limit=limit + 1, after_code=after
            )
            visible += [p for p in batch if branches is None or p.branch_id in branches]
            if len(batch) <= limit:
                break
            after = batch[-1].code
    items = tuple(summary_view(p) for p in visible[:limit])
    return PartnerPageView(items, items[-1].code if len(visible) > limit else None)
