"""Run the verification ports over a partner and keep each answer as evidence.

A verifier's answer never blocks onboarding: a mismatch, an unknown subject or an unavailable
service is recorded for the approver to weigh. Geocoding fills in missing coordinates.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from backend.core.clock import utc_now
from backend.core.ids import new_uuid
from backend.modules.partners.application.ports import (
    VerificationEvidence,
    VerificationKind,
    VerificationOutcome,
    Verifiers,
)
from backend.modules.partners.application.values import mask
from backend.modules.partners.domain import identifiers as ids
from backend.modules.partners.domain.locations import Coordinates, Location
from backend.modules.partners.domain.partner import Partner
from backend.modules.partners.domain.parts import BankAccount

log = logging.getLogger(__name__)
Outcome = VerificationOutcome


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class Verification:
    """Collects the evidence of one submission."""

    def __init__(self, partner: Partner, verifiers: Verifiers, by: uuid.UUID | None) -> None:
        self._partner, self._verifiers, self._by = partner, verifiers, by
        self.evidence: list[VerificationEvidence] = []
        self.coordinates: dict[uuid.UUID, Coordinates] = {}

    def _record(self, kind: VerificationKind, subject: str, outcome: Outcome, provider: str, **details: Any) -> None:
        self.evidence.append(
            VerificationEvidence(
                new_uuid(), self._partner.id, kind, subject, outcome, provider, details, self._by, utc_now()
            )
        )

    async def run(self) -> list[VerificationEvidence]:
        partner = self._partner
        states = {loc.gstin: loc.state_code for loc in partner.locations.items if loc.gstin}
        for gstin in dict.fromkeys([*partner.profile.gstins, *partner.locations.gstins]):
            await self.gstin(gstin, states.get(gstin) or ids.gstin_state_code(gstin))
        for account in partner.bank_accounts:
            await self.bank_account(account)
        for location in partner.locations.items:
            if location.coordinates is None:
                await self.geocode(location)
        return self.evidence

    async def gstin(self, gstin: str, state_code: str) -> None:
        gstn = self._verifiers.gstn
        try:
            record = await gstn.lookup(gstin)
        except Exception as error:
            log.warning("GSTN lookup of %s failed", gstin, exc_info=True)
            self._record(VerificationKind.GSTN, gstin, Outcome.UNAVAILABLE, gstn.provider, error=type(error).__name__)
            return
        if record is None:
            self._record(VerificationKind.GSTN, gstin, Outcome.NOT_FOUND, gstn.provider)
            return
        problems = []
        if not record.active:
            problems.append("the registration is not active")
        if record.legal_name is not None and not _same_name(record.legal_name, self._partner.profile.legal_name):
            problems.append(f"GSTN has the legal name {record.legal_name!r}")
        if record.state_code != state_code:
            problems.append(f"GSTN has state {record.state_code}, the partner says {state_code}")
        outcome = Outcome.MISMATCH if problems else Outcome.VERIFIED
        self._record(
            VerificationKind.GSTN,
            gstin,
            outcome,
            gstn.provider,
            legal_name=record.legal_name,
            state_code=record.state_code,
            active=record.active,
            registered_on=None if record.registered_on is None else record.registered_on.isoformat(),
            problems=problems,
        )

    async def bank_account(self, account: BankAccount) -> None:
        verifier = self._verifiers.bank_accounts
        number = account.account_number.strip() or account.iban or ""
        subject = mask(number) or ""
        try:
            check = await verifier.verify(number, ifsc=account.ifsc, swift=account.swift)
        except Exception as error:
            log.warning("bank account check failed", exc_info=True)
            self._record(
                VerificationKind.BANK_ACCOUNT,
                subject,
                Outcome.UNAVAILABLE,
                verifier.provider,
                error=type(error).__name__,
            )
            return
        if not check.valid:
            outcome = Outcome.NOT_FOUND
        elif check.holder_name is not None and not _same_name(check.holder_name, account.holder_name):
            outcome = Outcome.MISMATCH
        else:
            outcome = Outcome.VERIFIED
        self._record(
            VerificationKind.BANK_ACCOUNT,
            subject,
            outcome,
            verifier.provider,
            account_id=str(account.id),
            holder_name=check.holder_name,
        )

    async def geocode(self, location: Location) -> None:
        geocoder = self._verifiers.geocoder
        try:
            point = await geocoder.geocode(location.address, state_code=location.state_code)
        except Exception as error:
            log.warning("geocoding location %s failed", location.id, exc_info=True)
            self._record(
                VerificationKind.GEOCODE,
                str(location.id),
                Outcome.UNAVAILABLE,
                geocoder.provider,
                error=type(error).__name__,
            )
            return
        if point is None:
            self._record(VerificationKind.GEOCODE, str(location.id), Outcome.NOT_FOUND, geocoder.provider)
            return
        self.coordinates[location.id] = point
        self._record(
            VerificationKind.GEOCODE,
            str(location.id),
            Outcome.VERIFIED,
            geocoder.provider,
            latitude=str(point.latitude),
            longitude=str(point.longitude),
        )
