"""``/api/v1/auth``: sign-in (password, TOTP, mobile OTP), refresh, logout, activation, resets; JWKS."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from backend.api.deps import Auth, CurrentPrincipal
from backend.api.identity.schemas import (
    ActivateCreate,
    ForgotPasswordCreate,
    LoginCreate,
    MfaRequiredRead,
    MfaVerifyCreate,
    OtpRequestCreate,
    OtpSentRead,
    OtpVerifyCreate,
    RefreshCreate,
    TokenRead,
    UserRead,
)
from backend.api.identity.sign_in_metrics import counted
from backend.modules.identity.application.commands.activate_user import ActivateUser, activate_user
from backend.modules.identity.application.commands.login import Login, login
from backend.modules.identity.application.commands.logout import logout
from backend.modules.identity.application.commands.refresh_session import RefreshSession, refresh_session
from backend.modules.identity.application.commands.request_otp import RequestOtp, request_otp
from backend.modules.identity.application.commands.reset_password import (
    CompletePasswordReset,
    complete_password_reset,
    forgot_password,
)
from backend.modules.identity.application.commands.verify_mfa import VerifyMfa, verify_mfa
from backend.modules.identity.application.commands.verify_otp import VerifyOtp, verify_otp
from backend.modules.identity.application.tokens import MfaRequired, TokenPair

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
jwks_router = APIRouter(tags=["auth"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _signed_in(result: TokenPair | MfaRequired, response: Response) -> TokenRead | MfaRequiredRead:
    response.headers.update(NO_STORE)
    if isinstance(result, MfaRequired):
        return MfaRequiredRead(mfa_token=result.mfa_token, expires_in=result.expires_in)
    return TokenRead(
        access_token=result.access_token,
        refresh_token=result.refresh_token,
        token_type=result.token_type,
        expires_in=result.expires_in,
    )


@router.post("/login", response_model=TokenRead | MfaRequiredRead)
async def sign_in(body: LoginCreate, auth: Auth, response: Response) -> TokenRead | MfaRequiredRead:
    return _signed_in(await counted("password", login(Login(body.username, body.password), auth)), response)


@router.post("/mfa/verify", response_model=TokenRead | MfaRequiredRead)
async def second_factor(body: MfaVerifyCreate, auth: Auth, response: Response) -> TokenRead | MfaRequiredRead:
    return _signed_in(await counted("mfa", verify_mfa(VerifyMfa(body.mfa_token, body.code), auth)), response)


@router.post("/otp/request", status_code=status.HTTP_202_ACCEPTED, response_model=OtpSentRead)
async def send_code(body: OtpRequestCreate, auth: Auth) -> OtpSentRead:
    return OtpSentRead(expires_in=await request_otp(RequestOtp(body.mobile), auth))


@router.post("/otp/verify", response_model=TokenRead | MfaRequiredRead)
async def sign_in_with_code(body: OtpVerifyCreate, auth: Auth, response: Response) -> TokenRead | MfaRequiredRead:
    return _signed_in(await counted("otp", verify_otp(VerifyOtp(body.mobile, body.code), auth)), response)


@router.post("/refresh", response_model=TokenRead)
async def refresh(body: RefreshCreate, auth: Auth, response: Response) -> TokenRead | MfaRequiredRead:
    return _signed_in(await refresh_session(RefreshSession(body.refresh_token), auth), response)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def sign_out(principal: CurrentPrincipal, auth: Auth) -> Response:
    await logout(principal, auth)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/activate", response_model=UserRead)
async def activate(body: ActivateCreate, auth: Auth) -> UserRead:
    return UserRead.model_validate(
        await activate_user(ActivateUser(body.token, body.password), auth), from_attributes=True
    )


@router.post("/password/forgot", status_code=status.HTTP_202_ACCEPTED)
async def forgot(body: ForgotPasswordCreate, auth: Auth) -> dict[str, bool]:
    await forgot_password(body.username, auth)
    return {"accepted": True}


@router.post("/password/reset", status_code=status.HTTP_204_NO_CONTENT)
async def reset(body: ActivateCreate, auth: Auth) -> Response:
    await complete_password_reset(CompletePasswordReset(body.token, body.password), auth)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@jwks_router.get("/.well-known/jwks.json")
async def jwks(auth: Auth, response: Response) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return await auth.signer.jwks()
