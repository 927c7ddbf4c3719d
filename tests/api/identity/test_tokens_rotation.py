"""Signing keys: the JWKS a gateway verifies with, rotation that keeps old tokens, retirement that ends them."""

from __future__ import annotations

import httpx
import jwt

from backend.app.bootstrap import Container
from backend.modules.identity.infrastructure.keys import SigningKeys
from tests.actors import Actor
from tests.api.helpers import assert_problem
from tests.api.identity.auth_helpers import JWKS, kid_of, me, tokens


def keys(container: Container) -> SigningKeys:
    signer = container.auth.signer
    assert isinstance(signer, SigningKeys)
    return signer


async def test_jwks_publishes_the_public_key_that_verifies_access_tokens(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    response = await anonymous.get(JWKS)
    assert response.status_code == 200
    assert "max-age" in response.headers["cache-control"]
    keys = response.json()["keys"]
    assert kid_of(admin.token) in {key["kid"] for key in keys}
    for key in keys:
        assert {k: key[k] for k in ("kty", "crv", "alg", "use")} == {
            "kty": "OKP",
            "crv": "Ed25519",
            "alg": "EdDSA",
            "use": "sig",
        }
        assert "d" not in key, "the JWKS must not leak a private key"
    # a gateway needs nothing but the JWKS to check a token
    published = jwt.PyJWKSet.from_dict(response.json())[kid_of(admin.token)]
    claims = jwt.decode(
        admin.token,
        published.key,
        algorithms=["EdDSA"],
        audience=container.settings.token_audience,
        issuer=container.settings.token_issuer,
    )
    assert claims["sub"] == str(admin.user_id)
    assert claims["tid"] == str(admin.tenant_id)
    assert {"sid", "jti", "roles", "pv", "exp", "iat"} <= set(claims)


async def test_after_rotation_old_tokens_still_work_and_both_keys_are_published(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    old_kid = kid_of(admin.token)
    new_kid = await keys(container).rotate()
    assert new_kid != old_kid

    assert (await me(anonymous, admin.token)).status_code == 200
    published = {key["kid"] for key in (await anonymous.get(JWKS)).json()["keys"]}
    assert {old_kid, new_kid} <= published
    fresh = await tokens(anonymous, admin.username)
    assert kid_of(fresh["access_token"]) == new_kid
    assert (await me(anonymous, fresh["access_token"])).status_code == 200


async def test_retiring_the_old_key_ends_the_tokens_it_signed(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    old_kid = kid_of(admin.token)
    await keys(container).rotate()
    fresh = await tokens(anonymous, admin.username)
    await keys(container).retire(old_kid)

    assert_problem(await me(anonymous, admin.token), 401, "invalid-token")
    assert (await me(anonymous, fresh["access_token"])).status_code == 200
    assert old_kid not in {key["kid"] for key in (await anonymous.get(JWKS)).json()["keys"]}


async def test_the_active_key_cannot_be_retired(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    await keys(container).retire(kid_of(admin.token))
    assert (await me(anonymous, admin.token)).status_code == 200
