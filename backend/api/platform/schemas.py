"""HTTP shapes of runtime configuration (never used as domain objects or event contracts)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from backend.api.inputs import Input

ScopeName = Literal["platform", "tenant", "branch"]
Source = Literal["default", "platform", "tenant", "branch"]


class ConfigUpdate(Input):
    value: Any = Field(description="any JSON the key's schema accepts, null included")
    scope: ScopeName
    tenant_id: uuid.UUID | None = Field(
        default=None, description="tenant and branch scope: the caller's own tenant unless a platform operator"
    )
    branch_id: uuid.UUID | None = Field(default=None, description="branch scope only")


class ConfigValueRead(BaseModel):
    scope: ScopeName
    tenant_id: uuid.UUID | None
    branch_id: uuid.UUID | None
    value: Any
    version: int


class ConfigRead(BaseModel):
    key: str
    description: str
    flag: bool
    value: Any = Field(description="the effective value: branch over tenant over platform over the default")
    source: Source
    enabled: bool | None = Field(description="feature flags: whether the feature is on for this tenant")
    scope: ScopeName = Field(description="the scope whose version is reported (and sent as ETag)")
    version: int = Field(description="version of the value at that scope; 0: nothing set there")
    scopes: list[ScopeName] = Field(description="where the key may be set")
    default: Any
    json_schema: dict[str, Any] = Field(description="the JSON Schema every value must satisfy")
    values: list[ConfigValueRead] = Field(description="the values set along the reader's chain, widest first")


class ConfigSummaryRead(BaseModel):
    key: str
    description: str
    flag: bool
    value: Any
    source: Source
    enabled: bool | None


class ConfigList(BaseModel):
    items: list[ConfigSummaryRead]


class ConfigChangeRead(BaseModel):
    occurred_at: datetime
    scope: ScopeName
    tenant_id: uuid.UUID | None
    branch_id: uuid.UUID | None
    old_value: Any
    old_version: int
    new_value: Any
    new_version: int
    actor: str
    revision: int


class ConfigHistory(BaseModel):
    items: list[ConfigChangeRead]
