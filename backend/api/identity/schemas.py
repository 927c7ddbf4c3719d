"""HTTP shapes of identity and access."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AwareDatetime, BaseModel, Field

from backend.api.inputs import Input

Name = Annotated[str, Field(min_length=1, max_length=200)]
Secret = Annotated[str, Field(min_length=1, max_length=256)]
Code = Annotated[str, Field(min_length=4, max_length=12, pattern=r"^[0-9]+$")]


class LoginCreate(Input):
    username: Annotated[str, Field(min_length=3, max_length=254, description="e-mail address or E.164 mobile")]
    password: Secret


class MfaVerifyCreate(Input):
    mfa_token: Annotated[str, Field(min_length=10, max_length=4096)]
    code: Code


class OtpRequestCreate(Input):
    mobile: Annotated[str, Field(min_length=8, max_length=16, examples=["+919812345678"])]


class OtpVerifyCreate(Input):
    mobile: Annotated[str, Field(min_length=8, max_length=16)]
    code: Code


class RefreshCreate(Input):
    refresh_token: Annotated[str, Field(min_length=10, max_length=512)]


class TokenRead(BaseModel):
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int


class MfaRequiredRead(BaseModel):
    mfa_required: bool = True
    mfa_token: str
    expires_in: int


class OtpSentRead(BaseModel):
    sent: bool = True
    expires_in: int


class ActivateCreate(Input):
    token: Annotated[str, Field(min_length=10, max_length=512)]
    password: Secret


class ForgotPasswordCreate(Input):
    username: Annotated[str, Field(min_length=3, max_length=254)]


class TenantCreate(Input):
    name: Name
    country: Annotated[str, Field(min_length=2, max_length=2, examples=["IN"])]
    base_currency: Annotated[str, Field(min_length=3, max_length=3, examples=["INR"])]
    time_zone: Annotated[str, Field(max_length=64, examples=["Asia/Kolkata"])] = "Asia/Kolkata"
    admin_email: Annotated[str | None, Field(max_length=254)] = None
    admin_password: Secret | None = None
    admin_name: Name = "Tenant administrator"


class TenantRead(BaseModel):
    id: uuid.UUID
    name: str
    country: str
    base_currency: str
    time_zone: str
    status: str
    sub_user_limit: int
    region: str
    locale: str
    requests_per_minute: int
    burst: int
    created_at: datetime
    version: int


class TenantCreatedRead(TenantRead):
    admin_user_id: uuid.UUID | None


class TenantUpdate(Input):
    """Platform operators only: status, residency, defaults and request quota; omitted fields stay."""

    status: Annotated[str | None, Field(pattern=r"^(active|suspended)$")] = None
    region: Annotated[str | None, Field(max_length=16, examples=["in"])] = None
    locale: Annotated[str | None, Field(max_length=16, examples=["en-IN"])] = None
    time_zone: Annotated[str | None, Field(max_length=64)] = None
    base_currency: Annotated[str | None, Field(min_length=3, max_length=3)] = None
    requests_per_minute: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    burst: Annotated[int | None, Field(ge=1, le=100_000)] = None


class BranchCreate(Input):
    code: Annotated[str, Field(min_length=1, max_length=20, examples=["RJT"])]
    name: Name
    state_code: Annotated[str, Field(min_length=1, max_length=3, examples=["24"])]
    gstin: Annotated[str | None, Field(min_length=15, max_length=15)] = None
    address: Annotated[str | None, Field(max_length=1000)] = None


class BranchUpdate(Input):
    name: Name | None = None
    gstin: Annotated[str | None, Field(min_length=15, max_length=15)] = None
    address: Annotated[str | None, Field(max_length=1000)] = None
    active: bool | None = None


class BranchRead(BaseModel):
    id: uuid.UUID
    tenant_id: uuid.UUID
    code: str
    name: str
    state_code: str
    gstin: str | None
    address: str | None
    active: bool
    created_at: datetime
    version: int


class UserCreate(Input):
    full_name: Name
    email: Annotated[str | None, Field(max_length=254)] = None
    mobile: Annotated[str | None, Field(max_length=16)] = None
    partner_id: uuid.UUID | None = None
    tenant_id: uuid.UUID | None = None


class SubUserCreate(Input):
    full_name: Name
    mobile: Annotated[str, Field(min_length=8, max_length=16)]
    email: Annotated[str | None, Field(max_length=254)] = None
    roles: Annotated[list[str], Field(max_length=20)] = []


class UserRead(BaseModel):
    id: uuid.UUID
    kind: str
    tenant_id: uuid.UUID | None
    partner_id: uuid.UUID | None
    email: str | None
    mobile: str | None
    full_name: str
    status: str
    totp_enabled: bool
    parent_user_id: uuid.UUID | None
    created_at: datetime
    activated_at: datetime | None
    version: int


class MeRead(BaseModel):
    user: UserRead
    roles: list[str]
    permissions: list[str]


class TotpSetupRead(BaseModel):
    secret: str
    provisioning_uri: str


class TotpConfirmCreate(Input):
    code: Code


class RoleCreate(Input):
    name: Annotated[str, Field(min_length=2, max_length=50, examples=["senior_trader"])]
    description: Annotated[str, Field(max_length=500)] = ""
    permissions: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=200)] = []
    inherits: Annotated[list[uuid.UUID], Field(max_length=50)] = []


class RoleUpdate(Input):
    description: Annotated[str | None, Field(max_length=500)] = None
    permissions: Annotated[list[Annotated[str, Field(max_length=100)]] | None, Field(max_length=200)] = None
    inherits: Annotated[list[uuid.UUID] | None, Field(max_length=50)] = None


class RoleRead(BaseModel):
    id: uuid.UUID
    name: str
    description: str
    permissions: list[str]
    inherits: list[uuid.UUID]
    system: bool
    version: int


class AssignmentCreate(Input):
    user_id: uuid.UUID
    role_id: uuid.UUID
    branch_ids: Annotated[list[uuid.UUID], Field(max_length=500)] = []
    commodity_ids: Annotated[list[uuid.UUID], Field(max_length=500)] = []
    expires_at: AwareDatetime | None = None


class AssignmentRead(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID
    role_id: uuid.UUID
    branch_ids: list[uuid.UUID]
    commodity_ids: list[uuid.UUID]
    expires_at: datetime | None
    granted_by: uuid.UUID | None
    granted_at: datetime
    revoked_at: datetime | None
    active: bool


class SodCreate(Input):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    role_ids: Annotated[list[uuid.UUID], Field(min_length=2, max_length=50)]
    max_roles: Annotated[int, Field(ge=1, le=49)] = 1


class SodRead(BaseModel):
    id: uuid.UUID
    name: str
    role_ids: list[uuid.UUID]
    max_roles: int


class PermissionRead(BaseModel):
    code: str
    description: str
    scoped: bool
    platform_only: bool


class AuditEntryRead(BaseModel):
    seq: int
    occurred_at: datetime
    tenant_id: uuid.UUID | None
    actor_id: uuid.UUID | None
    action: str
    subject_type: str | None
    subject_id: str | None
    details: dict[str, Any]
    client_address: str | None
    request_id: str | None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None
