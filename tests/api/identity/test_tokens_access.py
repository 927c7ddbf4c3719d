"""Bearer access tokens on GET /api/v1/me: every way a token can be missing, forged, stale or misused."""

from __future__ import annotations

import base64
import json
import time

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend.app.bootstrap import Container
from tests.actors import Actor
from tests.api.helpers import assert_problem
from tests.api.identity.auth_helpers import ME, claims_of, kid_of, me


def assert_unauthenticated(response: httpx.Response, code: str = "invalid-token") -> dict[str, object]:
    body = assert_problem(response, 401, code)
    assert response.headers["www-authenticate"].startswith("Bearer")
    return body


async def test_me_with_the_token_names_the_caller(client: httpx.AsyncClient, admin: Actor) -> None:
    response = await client.get(ME)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["id"] == str(admin.user_id)
    assert body["user"]["email"] == admin.username
    assert body["user"]["tenant_id"] == str(admin.tenant_id)
    assert "tenant_admin" in body["roles"]
    assert "users.write" in body["permissions"]


async def test_no_token_is_a_401_with_a_challenge(anonymous: httpx.AsyncClient) -> None:
    assert_unauthenticated(await anonymous.get(ME), "unauthenticated")


async def test_a_non_bearer_scheme_is_a_401(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    assert_unauthenticated(await anonymous.get(ME, headers={"Authorization": "Basic xyz"}), "unauthenticated")
    assert_unauthenticated(await anonymous.get(ME, headers={"Authorization": "Bearer "}), "unauthenticated")
    assert_unauthenticated(await anonymous.get(ME, headers={"Authorization": admin.token}), "unauthenticated")


async def test_a_garbage_token_is_a_401(anonymous: httpx.AsyncClient) -> None:
    assert_unauthenticated(await me(anonymous, "not-a-jwt"))
    assert_unauthenticated(await me(anonymous, "a.b.c"))


async def test_an_altered_signature_is_a_401(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    header, payload, signature = admin.token.split(".")
    raw = bytearray(base64.urlsafe_b64decode(signature + "=="))
    raw[0] ^= 0x01
    forged = ".".join([header, payload, base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()])
    assert_unauthenticated(await me(anonymous, forged))


async def test_altered_claims_under_the_original_signature_are_a_401(
    anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    header, _, signature = admin.token.split(".")
    claims = {**claims_of(admin.token), "roles": ["tenant_admin", "platform_operator"]}
    payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert_unauthenticated(await me(anonymous, f"{header}.{payload}.{signature}"))


async def test_a_token_signed_by_another_key_under_a_known_kid_is_a_401(
    anonymous: httpx.AsyncClient, admin: Actor
) -> None:
    forged = jwt.encode(
        claims_of(admin.token), Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": kid_of(admin.token)}
    )
    assert_unauthenticated(await me(anonymous, forged))


async def test_an_unknown_kid_is_a_401(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    forged = jwt.encode(
        claims_of(admin.token), Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": "attacker-key"}
    )
    body = assert_unauthenticated(await me(anonymous, forged))
    assert "unknown" in str(body["detail"])


async def test_a_token_without_a_kid_is_a_401(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    forged = jwt.encode(claims_of(admin.token), Ed25519PrivateKey.generate(), algorithm="EdDSA")
    assert_unauthenticated(await me(anonymous, forged))


async def test_an_unsigned_token_is_a_401(anonymous: httpx.AsyncClient, admin: Actor) -> None:
    unsigned = jwt.encode(claims_of(admin.token), "", algorithm="none", headers={"kid": kid_of(admin.token)})
    assert_unauthenticated(await me(anonymous, unsigned))


async def test_an_expired_token_is_a_401(anonymous: httpx.AsyncClient, admin: Actor, container: Container) -> None:
    now = int(time.time())
    expired = await container.auth.signer.sign({**claims_of(admin.token), "iat": now - 3600, "exp": now - 60})
    body = assert_unauthenticated(await me(anonymous, expired))
    assert "expired" in str(body["detail"])


async def test_a_token_for_another_audience_is_a_401(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    elsewhere = await container.auth.signer.sign({**claims_of(admin.token), "aud": "some-other-api"})
    assert_unauthenticated(await me(anonymous, elsewhere))


async def test_a_token_missing_a_required_claim_is_a_401(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    claims = claims_of(admin.token)
    del claims["exp"]
    assert_unauthenticated(await me(anonymous, await container.auth.signer.sign(claims)))


async def test_a_second_factor_token_is_not_an_access_token(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    claims = claims_of(admin.token)
    mfa = await container.auth.signer.sign(
        {
            "typ": "mfa",
            "sub": claims["sub"],
            "jti": "x1",
            "aud": claims["aud"],
            "iat": claims["iat"],
            "exp": claims["exp"],
        }
    )
    body = assert_unauthenticated(await me(anonymous, mfa))
    assert "access" in str(body["detail"])
    # the same with every access claim present: only ``typ`` differs
    assert_unauthenticated(await me(anonymous, await container.auth.signer.sign({**claims, "typ": "mfa"})))


async def test_a_token_for_a_session_that_never_existed_is_a_401(
    anonymous: httpx.AsyncClient, admin: Actor, container: Container
) -> None:
    made_up = await container.auth.signer.sign(
        {**claims_of(admin.token), "sid": "00000000-0000-0000-0000-000000000001"}
    )
    assert_unauthenticated(await me(anonymous, made_up))
