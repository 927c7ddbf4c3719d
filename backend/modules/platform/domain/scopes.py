"""Where a configuration value applies: the whole platform, one tenant, or one branch of a tenant."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from backend.modules.platform.domain.errors import InvalidConfigTarget


class Scope(enum.StrEnum):
    PLATFORM = "platform"
    TENANT = "tenant"
    BRANCH = "branch"


@dataclass(frozen=True)
class Target:
    """A scope with its ids: a branch target names its tenant too (branch ids live in identity)."""

    scope: Scope
    tenant_id: uuid.UUID | None = None
    branch_id: uuid.UUID | None = None

    def __post_init__(self) -> None:
        wanted = {
            Scope.PLATFORM: self.tenant_id is None and self.branch_id is None,
            Scope.TENANT: self.tenant_id is not None and self.branch_id is None,
            Scope.BRANCH: self.tenant_id is not None and self.branch_id is not None,
        }
        if not wanted[self.scope]:
            needs = {
                Scope.PLATFORM: "names no tenant and no branch",
                Scope.TENANT: "names a tenant and no branch",
                Scope.BRANCH: "names a tenant and a branch",
            }
            raise InvalidConfigTarget(f"a {self.scope} scope value {needs[self.scope]}")

    @classmethod
    def narrowest(cls, tenant_id: uuid.UUID | None, branch_id: uuid.UUID | None) -> Target:
        """The most specific target for a reader in ``tenant_id`` (and ``branch_id``)."""
        if branch_id is not None:
            if tenant_id is None:
                raise InvalidConfigTarget("a branch is read within its tenant; name the tenant too", "branch_id")
            return cls(Scope.BRANCH, tenant_id, branch_id)
        if tenant_id is not None:
            return cls(Scope.TENANT, tenant_id)
        return PLATFORM

    def lookup_order(self) -> tuple[Target, ...]:
        """This target and every wider one, narrowest first: the order in which values win."""
        if self.scope is Scope.BRANCH:
            return (self, Target(Scope.TENANT, self.tenant_id), PLATFORM)
        if self.scope is Scope.TENANT:
            return (self, PLATFORM)
        return (self,)

    def describe(self) -> str:
        if self.scope is Scope.BRANCH:
            return f"branch {self.branch_id} of tenant {self.tenant_id}"
        if self.scope is Scope.TENANT:
            return f"tenant {self.tenant_id}"
        return "platform scope"


PLATFORM = Target(Scope.PLATFORM)
