"""The other contexts as trading sees them, in memory: the commodity master (cotton), partners with
capabilities and locations, the risk verdict of a pair, and the buyer's credit check.

Each facade factory takes a ``DataScope`` like the composition root's; a partner of another tenant
is a not-found error, as the partners facade answers under row-level security.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from decimal import Decimal

from backend.contracts.commodities.queries import (
    CommodityRef,
    ConvertedQuantity,
    QualityCheckResult,
    QualityParameterRef,
    QualityParameterResult,
    UnitFactor,
)
from backend.contracts.partners.queries import (
    AddressRef,
    GeoPoint,
    LocationRef,
    PartnerCapabilities,
    PartnerRef,
    TradingParty,
)
from backend.contracts.risk.queries import CreditFigures, OpenPostingRef, PostingCheck, RiskAssessment, RiskPartyFacts
from backend.core.decimal_math import scale_exactly
from backend.core.errors import NotFound
from backend.core.principal import DataScope
from backend.modules.risk.domain.errors import CreditLimitExceeded
from backend.modules.trading.domain.enums import RiskVerdict
from backend.modules.trading.domain.facts import PartyFacts

ALL_CAPABILITIES = frozenset({"domestic_buy", "domestic_sell", "import", "export"})


def cotton(commodity_id: uuid.UUID | None = None, **overrides: object) -> CommodityRef:
    """Cotton as the commodity master defines it: KG, bales of 170 kg, candies of 355.56 kg."""
    ref = CommodityRef(
        id=commodity_id or uuid.uuid4(),
        code="COTTON",
        name="Cotton",
        category="fibre",
        hsn_code="5201",
        gst_rate=Decimal(5),
        base_unit="KG",
        units=(UnitFactor("BALE", Decimal(170)), UnitFactor("CANDY", Decimal("355.56"))),
        varieties=("Shankar-6", "MCU-5", "DCH-32"),
        active=True,
        version=1,
        quality_parameters=(
            QualityParameterRef("staple_length", "mm", "range", Decimal(20), Decimal(38), (), True),
            QualityParameterRef("micronaire", None, "numeric", Decimal("2.5"), Decimal("6.0"), (), False),
            QualityParameterRef("strength", "g/tex", "numeric", Decimal(20), Decimal(40), (), False),
        ),
    )
    return replace(ref, **overrides)  # type: ignore[arg-type]


@dataclass
class FakeCommodityFacade:
    """``CommodityFacade`` over the refs a test registers."""

    commodities: dict[uuid.UUID, CommodityRef] = field(default_factory=dict)

    def __call__(self, scope: DataScope) -> FakeCommodityFacade:
        return self

    def add(self, ref: CommodityRef) -> CommodityRef:
        self.commodities[ref.id] = ref
        return ref

    async def get_commodity(self, commodity_id: uuid.UUID) -> CommodityRef:
        if commodity_id not in self.commodities:
            raise NotFound(f"there is no commodity {commodity_id}")
        return self.commodities[commodity_id]

    async def get_commodity_by_code(self, code: str) -> CommodityRef:
        found = next((c for c in self.commodities.values() if c.code.upper() == code.upper()), None)
        if found is None:
            raise NotFound(f"there is no commodity {code}")
        return found

    def _factor(self, ref: CommodityRef, unit: str) -> Decimal:
        if unit.upper() == ref.base_unit:
            return Decimal(1)
        found = next((u.factor for u in ref.units if u.code == unit.upper()), None)
        if found is None:
            raise NotFound(f"{ref.code} has no unit {unit}")
        return found

    async def convert(
        self, commodity_id: uuid.UUID, quantity: Decimal, from_unit: str, to_unit: str
    ) -> ConvertedQuantity:
        ref = await self.get_commodity(commodity_id)
        converted, exact = scale_exactly(quantity, self._factor(ref, from_unit), self._factor(ref, to_unit))
        return ConvertedQuantity(converted, to_unit.upper(), exact)

    async def existing(self, commodity_ids: set[uuid.UUID]) -> set[uuid.UUID]:
        return commodity_ids & set(self.commodities)

    async def check_quality(self, commodity_id: uuid.UUID, values: dict[str, str]) -> QualityCheckResult:
        ref = await self.get_commodity(commodity_id)
        results = []
        for parameter in ref.quality_parameters:
            value = values.get(parameter.name)
            passed = value is not None or not parameter.mandatory
            results.append(QualityParameterResult(parameter.name, value, passed, None))
        return QualityCheckResult(all(r.passed for r in results), tuple(results))


def location(
    name: str,
    latitude: str,
    longitude: str,
    *,
    state_code: str | None = "24",
    country: str = "IN",
    can_ship_from: bool = True,
    can_receive: bool = True,
    kind: str = "warehouse",
) -> LocationRef:
    return LocationRef(
        id=uuid.uuid4(),
        kind=kind,
        name=name,
        state_code=state_code,
        country=country,
        gstin=None,
        coordinates=GeoPoint(Decimal(latitude), Decimal(longitude)),
        can_ship_from=can_ship_from,
        can_receive=can_receive,
        default_ship_from=False,
        default_ship_to=False,
        address=AddressRef("1 Market Yard", None, name, None, "360001", country),
    )


# places of the cotton trade (latitude, longitude, GST state code)
RAJKOT = ("Rajkot", "22.3039", "70.8022", "24")
AHMEDABAD = ("Ahmedabad", "23.0225", "72.5714", "24")
MUMBAI = ("Mumbai", "19.0760", "72.8777", "27")
COIMBATORE = ("Coimbatore", "11.0168", "76.9558", "33")


def place(where: tuple[str, str, str, str], *, kind: str = "warehouse", **flags: bool) -> LocationRef:
    """A location at one of the places above; a head office is the party's default bill-to."""
    name, latitude, longitude, state = where
    return location(name, latitude, longitude, state_code=state, kind=kind, **flags)  # type: ignore[arg-type]


@dataclass
class FakePartnerDirectory:
    """The partners a test registers, each in one tenant; ``__call__`` gives the scoped facade."""

    partners: dict[uuid.UUID, tuple[uuid.UUID, PartnerRef, PartnerCapabilities]] = field(default_factory=dict)
    calls: list[tuple[str, uuid.UUID]] = field(default_factory=list)

    def add(
        self,
        tenant_id: uuid.UUID,
        code: str,
        *locations: LocationRef,
        capabilities: frozenset[str] = ALL_CAPABILITIES,
        group_id: uuid.UUID | None = None,
        master_partner_id: uuid.UUID | None = None,
        pan: str | None = None,
        gstins: tuple[str, ...] = (),
        branch_id: uuid.UUID | None = None,
    ) -> PartnerRef:
        partner_id = uuid.uuid4()
        ref = PartnerRef(
            id=partner_id,
            code=code,
            legal_name=f"{code} Private Limited",
            trade_name=None,
            country="IN",
            entity_class="business_entity",
            trade_role="both",
            status="approved",
            pan=pan,
            gstins=gstins,
            group_id=group_id,
            master_partner_id=master_partner_id,
            kyc_status="verified",
            kyc_expires_on=None,
            locations=locations,
            branch_id=branch_id,
        )
        caps = PartnerCapabilities(partner_id, code, "approved", "IN", capabilities, overridden=False)
        self.partners[partner_id] = (tenant_id, ref, caps)
        return ref

    def set_capabilities(self, partner_id: uuid.UUID, capabilities: frozenset[str], status: str = "approved") -> None:
        tenant_id, ref, caps = self.partners[partner_id]
        self.partners[partner_id] = (tenant_id, ref, replace(caps, capabilities=capabilities, status=status))

    def remove(self, partner_id: uuid.UUID) -> None:
        del self.partners[partner_id]

    def __call__(self, scope: DataScope) -> FakePartnerFacade:
        return FakePartnerFacade(self, scope)


@dataclass
class FakePartnerFacade:
    directory: FakePartnerDirectory
    scope: DataScope

    def _visible(self, partner_id: uuid.UUID) -> tuple[PartnerRef, PartnerCapabilities]:
        found = self.directory.partners.get(partner_id)
        scope = self.scope
        if found is None or not (scope.platform or found[0] == scope.tenant_id):
            raise NotFound(f"there is no partner {partner_id}")
        if scope.partner_id is not None and scope.partner_id != partner_id:
            raise NotFound(f"there is no partner {partner_id}")
        return found[1], found[2]

    async def capabilities(self, partner_id: uuid.UUID) -> PartnerCapabilities:
        self.directory.calls.append(("capabilities", partner_id))
        return self._visible(partner_id)[1]

    async def get_partner(self, partner_id: uuid.UUID) -> PartnerRef:
        self.directory.calls.append(("get_partner", partner_id))
        return self._visible(partner_id)[0]

    async def get_partners(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, PartnerRef]:
        return {partner_id: await self.get_partner(partner_id) for partner_id in partner_ids}

    async def trading_parties(self, partner_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, TradingParty]:
        self.directory.calls.extend(("trading_parties", partner_id) for partner_id in partner_ids)
        found = {}
        for partner_id in partner_ids:
            try:
                found[partner_id] = TradingParty(*self._visible(partner_id))
            except NotFound:
                continue  # gone or hidden: left out
        return found


@dataclass
class FakeRiskVerdicts:
    """``RiskVerdicts`` with a verdict per (buyer, seller) pair; PASS unless the test says otherwise."""

    by_pair: dict[tuple[uuid.UUID, uuid.UUID], RiskVerdict] = field(default_factory=dict)
    asked: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, Decimal, str]] = field(default_factory=list)

    def set(self, buyer_id: uuid.UUID, seller_id: uuid.UUID, verdict: RiskVerdict) -> None:
        self.by_pair[(buyer_id, seller_id)] = verdict

    async def verdicts(
        self,
        tenant_id: uuid.UUID,
        buyer: PartyFacts,
        commodity_id: uuid.UUID,
        currency: str,
        offers: Sequence[tuple[PartyFacts, Decimal]],
    ) -> list[RiskVerdict]:
        for seller, amount in offers:
            self.asked.append((buyer.partner_id, seller.partner_id, commodity_id, amount, currency))
        return [self.by_pair.get((buyer.partner_id, seller.partner_id), RiskVerdict.PASS) for seller, _ in offers]


@dataclass
class FakeRiskFacade:
    """``RiskFacade`` as accepting an offer uses it: ``ensure_within_limit`` and ``reserve_credit``
    refuse a buyer given a limit (``limit``) once exposure plus the amount exceed it (exactly at the
    limit fits), raising the risk context's own ``CreditLimitExceeded``; a buyer without one passes.
    ``assess`` answers ``outcome``; everything else passes. ``checked`` records each credit check
    (buyer, amount, currency); ``reservations`` and ``released`` what was reserved and given back."""

    limits: dict[uuid.UUID, tuple[Decimal, Decimal]] = field(default_factory=dict)  # buyer: (limit, exposure)
    checked: list[tuple[uuid.UUID, Decimal, str]] = field(default_factory=list)
    # reservation id: (buyer, amount); ``released`` the ids given back
    reservations: dict[uuid.UUID, tuple[uuid.UUID, Decimal]] = field(default_factory=dict)
    released: list[uuid.UUID] = field(default_factory=list)
    outcome: str = "pass"  # what ``assess`` answers, without reasons

    def __call__(self, scope: DataScope) -> FakeRiskFacade:
        return self

    def limit(self, buyer_id: uuid.UUID, limit: Decimal, exposure: Decimal = Decimal(0)) -> None:
        self.limits[buyer_id] = (limit, exposure)

    async def ensure_within_limit(self, buyer_partner_id: uuid.UUID, amount: Decimal, currency: str) -> CreditFigures:
        self.checked.append((buyer_partner_id, amount, currency))
        limit, exposure = self.limits.get(buyer_partner_id, (None, Decimal(0)))
        after = exposure + amount
        if limit is not None and after > limit:
            raise CreditLimitExceeded(
                limit=limit, exposure=exposure, amount=amount, currency=currency, partner_id=buyer_partner_id
            )
        available = Decimal(0) if limit is None else limit - after
        return CreditFigures(buyer_partner_id, currency, limit, exposure, amount, after, available, True, "green", None)

    async def reserve_credit(
        self, buyer_partner_id: uuid.UUID, amount: Decimal, currency: str, reference: str, ttl: timedelta
    ) -> uuid.UUID:
        self.checked.append((buyer_partner_id, amount, currency))
        limit, exposure = self.limits.get(buyer_partner_id, (None, Decimal(0)))
        if limit is not None and exposure + amount > limit:
            raise CreditLimitExceeded(
                limit=limit, exposure=exposure, amount=amount, currency=currency, partner_id=buyer_partner_id
            )
        reservation_id = uuid.uuid4()
        self.reservations[reservation_id] = (buyer_partner_id, amount)
        return reservation_id

    async def release_credit(self, reservation_id: uuid.UUID) -> None:
        if reservation_id in self.reservations and reservation_id not in self.released:
            self.released.append(reservation_id)

    async def assess(
        self,
        buyer_partner_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        buyer_facts: RiskPartyFacts,
        seller_facts: RiskPartyFacts,
    ) -> RiskAssessment:
        return RiskAssessment(self.outcome, ())

    async def assess_trade(
        self,
        buyer_partner_id: uuid.UUID,
        seller_partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        amount: Decimal,
        currency: str,
        buyer_facts: RiskPartyFacts,
        seller_facts: RiskPartyFacts,
    ) -> RiskAssessment:
        await self.ensure_within_limit(buyer_partner_id, amount, currency)
        return await self.assess(
            buyer_partner_id, seller_partner_id, commodity_id, amount, currency, buyer_facts, seller_facts
        )

    async def check_posting(
        self,
        partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        side: str,
        active_postings: Sequence[OpenPostingRef] = (),
    ) -> PostingCheck:
        return PostingCheck("pass")

    async def ensure_posting_allowed(
        self,
        partner_id: uuid.UUID,
        commodity_id: uuid.UUID,
        side: str,
        active_postings: Sequence[OpenPostingRef] = (),
    ) -> None:
        return None
