"""Ed25519 signing keys for access tokens: stored encrypted, rotatable, published as a JWKS.

A key is ``active`` (signs new tokens), ``verifying`` (rotated out, still verifies tokens it
signed until they expire) or ``retired``. Every process keeps the public keys in memory and reloads
them when it meets an unknown key id, so a rotation reaches all processes without a restart.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from jwt.algorithms import OKPAlgorithm
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.core.clock import utc_now
from backend.core.ids import new_uuid
from backend.modules.identity.domain.errors import InvalidToken
from backend.modules.identity.infrastructure import tables

ALGORITHM = "EdDSA"
RELOAD_AT_MOST_EVERY = 5.0  # seconds; bounds the work a stream of forged key ids can cause


def key_encryption(secret: str) -> Fernet:
    """A Fernet key derived from the configured secret (MANDI_SECRET_KEY)."""
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()))


@dataclass(frozen=True)
class Keyring:
    signing_kid: str | None
    signing_key: Ed25519PrivateKey | None
    public: dict[str, Ed25519PublicKey]
    jwks: list[dict[str, Any]]


class SigningKeys:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession], secret: str, issuer: str) -> None:
        self._session_factory = session_factory
        self._fernet = key_encryption(secret)
        self._issuer = issuer
        self._keyring = Keyring(None, None, {}, [])
        self._loaded_at = 0.0
        self._lock = asyncio.Lock()

    async def _load(self) -> None:
        k = tables.signing_keys
        async with self._session_factory() as session:
            rows = (await session.execute(select(k).where(k.c.status != "retired").order_by(k.c.created_at))).all()
        public: dict[str, Ed25519PublicKey] = {}
        signing_kid, signing_key = None, None
        for row in rows:
            private = serialization.load_pem_private_key(self._fernet.decrypt(row.private_key), password=None)
            assert isinstance(private, Ed25519PrivateKey)
            public[row.kid] = private.public_key()
            if row.status == "active":
                signing_kid, signing_key = row.kid, private
        jwks = [{**row.public_jwk, "kid": row.kid, "alg": ALGORITHM, "use": "sig"} for row in rows]
        self._keyring = Keyring(signing_kid, signing_key, public, jwks)
        self._loaded_at = time.monotonic()

    async def _reload(self, *, force: bool = False) -> None:
        async with self._lock:
            if force or time.monotonic() - self._loaded_at >= RELOAD_AT_MOST_EVERY:
                await self._load()

    async def rotate(self) -> str:
        """Make a new active key; the old one keeps verifying the tokens it signed."""
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        kid = new_uuid().hex
        k = tables.signing_keys
        async with self._session_factory() as session, session.begin():
            await session.execute(update(k).where(k.c.status == "active").values(status="verifying"))
            await session.execute(
                k.insert().values(
                    kid=kid,
                    algorithm=ALGORITHM,
                    private_key=self._fernet.encrypt(pem),
                    public_jwk=OKPAlgorithm.to_jwk(private.public_key(), as_dict=True),
                    status="active",
                    created_at=utc_now(),
                )
            )
        await self._reload(force=True)
        return kid

    async def retire(self, kid: str) -> None:
        k = tables.signing_keys
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(k)
                .where(k.c.kid == kid, k.c.status == "verifying")
                .values(status="retired", retired_at=utc_now())
            )
        await self._reload(force=True)

    async def ensure_active(self) -> None:
        await self._reload(force=True)
        if self._keyring.signing_key is None:
            await self.rotate()

    async def jwks(self) -> dict[str, Any]:
        if not self._keyring.jwks:
            await self._reload()
        return {"keys": self._keyring.jwks}

    async def sign(self, claims: dict[str, Any]) -> str:
        if self._keyring.signing_key is None:
            await self.ensure_active()
        ring = self._keyring
        assert ring.signing_key is not None
        return jwt.encode(
            {**claims, "iss": self._issuer}, ring.signing_key, algorithm=ALGORITHM, headers={"kid": ring.signing_kid}
        )

    async def verify(self, token: str, *, audience: str) -> dict[str, Any]:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as error:
            raise InvalidToken("the token is not a JWT") from error
        if not isinstance(kid, str):
            raise InvalidToken("the token names no key")
        if kid not in self._keyring.public:
            await self._reload()
        key = self._keyring.public.get(kid)
        if key is None:
            raise InvalidToken("the token was signed by an unknown or retired key")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=audience,
                issuer=self._issuer,
                options={"require": ["exp", "iat", "sub", "jti", "aud", "iss"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise InvalidToken("the token has expired") from error
        except jwt.PyJWTError as error:
            raise InvalidToken(f"the token is not valid: {error}") from error
        return claims


class FernetSecretBox:
    """``SecretBox`` with the key-encryption key: Fernet for secrets, HMAC-SHA256 for codes."""

    def __init__(self, secret: str) -> None:
        self._fernet = key_encryption(secret)
        self._mac_key = hashlib.sha256(f"mac:{secret}".encode()).digest()

    def seal(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def open(self, sealed: str) -> str:
        return self._fernet.decrypt(sealed.encode()).decode()

    def keyed_hash(self, *parts: str) -> str:
        return hmac.new(self._mac_key, "\x1f".join(parts).encode(), hashlib.sha256).hexdigest()
