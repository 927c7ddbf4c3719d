"""Signature providers per tier. Only ``basic`` is real: an authenticated user types their name and
confirms (no OTP). The ``e_sign`` and ``dsc`` providers here are DEVELOPMENT ADAPTERS: they sign
nothing and call no one; they return a deterministic reference so the flow can be built and tested
until an Aadhaar eSign service provider and a DSC signer are integrated behind the same port.
"""

from __future__ import annotations

import hashlib

from backend.core.errors import FieldError
from backend.modules.trading.application.contract_ports import SignatureProvider, SignatureRequest
from backend.modules.trading.domain.enums import SignatureTier
from backend.modules.trading.domain.errors import InvalidTradingInput


def _name(request: SignatureRequest) -> str:
    name = " ".join(request.signer_name.split())
    if not 0 < len(name) <= 200:
        raise InvalidTradingInput([FieldError("signer_name", "type your full name (1 to 200 characters) to sign")])
    return name


def _reference(prefix: str, request: SignatureRequest, name: str) -> str:
    seed = f"{request.contract_id}|{request.document_sha256}|{request.partner_id}|{request.signer_user_id}|{name}"
    return f"{prefix}:{hashlib.sha256(seed.encode()).hexdigest()[:32]}"


class BasicSignatureProvider:
    """Typed name plus the authenticated user's confirmation."""

    tier = SignatureTier.BASIC

    async def sign(self, request: SignatureRequest) -> str:
        name = _name(request)
        return f"basic:typed-name={name}|confirmed-at={request.signed_at.isoformat()}"


class DevelopmentESignProvider:
    """DEVELOPMENT ADAPTER: stands in for Aadhaar eSign; no real signature is made."""

    tier = SignatureTier.E_SIGN

    async def sign(self, request: SignatureRequest) -> str:
        return _reference("dev-esign", request, _name(request))


class DevelopmentDscProvider:
    """DEVELOPMENT ADAPTER: stands in for a DSC (PKCS#7) signer; no real signature is made."""

    tier = SignatureTier.DSC

    async def sign(self, request: SignatureRequest) -> str:
        return _reference("dev-dsc", request, _name(request))


def development_signers() -> dict[SignatureTier, SignatureProvider]:
    providers: list[SignatureProvider] = [
        BasicSignatureProvider(),
        DevelopmentESignProvider(),
        DevelopmentDscProvider(),
    ]
    return {provider.tier: provider for provider in providers}
