"""The partners context's runtime configuration: the score table, approval policy and KYC behaviour.

A tenant (or the platform, for every tenant) overrides the code's defaults per key; within a key
the JSON object names only what it changes. Bands (age, turnover, score categories, credit shares)
are replaced as a whole list; legal form points are merged entry by entry (set 0 to drop one).
Decimals travel as strings, never JSON floats.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from backend.contracts.platform.config import declare
from backend.contracts.platform.queries import ConfigReader
from backend.modules.partners.application.ports import PartnerSettings
from backend.modules.partners.domain.approval import DEFAULT_POLICY, ApprovalPolicy
from backend.modules.partners.domain.enums import LegalForm, RiskCategory
from backend.modules.partners.domain.scoring import DEFAULT_RULES, ScoreRules

SCOPES = ("platform", "tenant")
_POINTS = {"type": "integer", "minimum": -100, "maximum": 100}
_SCORE = {"type": "integer", "minimum": 0, "maximum": 100}
_AMOUNT = {"type": "string", "pattern": r"^[0-9]{1,15}(\.[0-9]{1,2})?$", "description": 'rupees, e.g. "10000000"'}
_SHARE = {"type": "string", "pattern": r"^(0(\.[0-9]{1,4})?|1(\.0{1,4})?)$", "description": '0 to 1, e.g. "0.15"'}


def _bands(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "maxItems": 10, "items": {"type": "object", "additionalProperties": False, **item}}


SCORE_RULES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "base": _SCORE,
        "age_bands": _bands(
            {
                "properties": {"min_months": {"type": "integer", "minimum": 0}, "points": _POINTS},
                "required": ["min_months", "points"],
            }
        ),
        "young_months": {"type": "integer", "minimum": 0},
        "young_points": _POINTS,
        "legal_form_points": {
            "type": "object",
            "propertyNames": {"enum": [form.value for form in LegalForm]},
            "additionalProperties": _POINTS,
        },
        "turnover_bands": {
            **_bands(
                {"properties": {"min_turnover": _AMOUNT, "points": _POINTS}, "required": ["min_turnover", "points"]}
            ),
            "minItems": 1,
        },
        "quality_lab_points": _POINTS,
        "own_transport_points": _POINTS,
        "category_bands": _bands(
            {
                "properties": {
                    "min_score": _SCORE,
                    "category": {"enum": [c.value for c in RiskCategory if c is not RiskCategory.CRITICAL]},
                },
                "required": ["min_score", "category"],
            }
        ),
    },
}

APPROVAL_POLICY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "auto_approve": {"type": "boolean", "description": "approve partners scoring at least the threshold"},
        "auto_approve_min_score": _SCORE,
        "back_office_min_score": _SCORE,
        "credit_bands": _bands(
            {"properties": {"min_score": _SCORE, "share": _SHARE}, "required": ["min_score", "share"]}
        ),
        "credit_floor_share": _SHARE,
        "kyc_validity_years": {"type": "integer", "minimum": 1, "maximum": 10},
    },
}

SCORE_RULES = declare(
    "partners.score_rules",
    "Overrides of the onboarding score table (points per business age, legal form, turnover, lab and"
    " transport; risk category bands); {} keeps the defaults",
    schema=SCORE_RULES_SCHEMA,
    default={},
    scopes=SCOPES,
)
APPROVAL_POLICY = declare(
    "partners.approval_policy",
    "Partner approval: auto-approval and its threshold, the back-office threshold, credit limit shares"
    " of turnover by score, and KYC validity in years; {} keeps the defaults",
    schema=APPROVAL_POLICY_SCHEMA,
    default={},
    scopes=SCOPES,
)
SUSPEND_ON_KYC_EXPIRY = declare(
    "partners.suspend_on_kyc_expiry",
    "Suspend approved partners whose KYC expired (the daily KYC job)",
    schema={"type": "boolean"},
    default=False,
    scopes=SCOPES,
)


def score_rules(value: dict[str, Any], defaults: ScoreRules = DEFAULT_RULES) -> ScoreRules:
    """``defaults`` with the overrides of a (schema-valid) ``partners.score_rules`` value."""
    changes: dict[str, Any] = {
        name: value[name]
        for name in ("base", "young_months", "young_points", "quality_lab_points", "own_transport_points")
        if name in value
    }
    if "age_bands" in value:
        changes["age_bands"] = tuple((b["min_months"], b["points"]) for b in value["age_bands"])
    if "turnover_bands" in value:
        changes["turnover_bands"] = tuple((Decimal(b["min_turnover"]), b["points"]) for b in value["turnover_bands"])
    if "category_bands" in value:
        changes["category_bands"] = tuple(
            (b["min_score"], RiskCategory(b["category"])) for b in value["category_bands"]
        )
    if "legal_form_points" in value:
        merged = {**defaults.legal_form_points}
        merged.update({LegalForm(form): points for form, points in value["legal_form_points"].items()})
        changes["legal_form_points"] = MappingProxyType(merged)
    return replace(defaults, **changes)


def approval_policy(value: dict[str, Any], defaults: ApprovalPolicy = DEFAULT_POLICY) -> ApprovalPolicy:
    """``defaults`` with the overrides of a (schema-valid) ``partners.approval_policy`` value."""
    changes: dict[str, Any] = {
        name: value[name]
        for name in ("auto_approve", "auto_approve_min_score", "back_office_min_score", "kyc_validity_years")
        if name in value
    }
    if "credit_bands" in value:
        changes["credit_bands"] = tuple((b["min_score"], Decimal(b["share"])) for b in value["credit_bands"])
    if "credit_floor_share" in value:
        changes["credit_floor_share"] = Decimal(value["credit_floor_share"])
    return replace(defaults, **changes)


class ConfiguredPartnerSettings:
    """``PartnerSettingsSource`` over the platform's runtime configuration."""

    def __init__(self, reader: ConfigReader) -> None:
        self._reader = reader

    async def for_tenant(self, tenant_id: uuid.UUID) -> PartnerSettings:
        rules = await self._reader.value(SCORE_RULES.key, tenant_id=tenant_id)
        policy = await self._reader.value(APPROVAL_POLICY.key, tenant_id=tenant_id)
        suspend = await self._reader.value(SUSPEND_ON_KYC_EXPIRY.key, tenant_id=tenant_id)
        return PartnerSettings(
            score_rules=score_rules(rules or {}),
            approval_policy=approval_policy(policy or {}),
            suspend_on_kyc_expiry=bool(suspend),
        )
