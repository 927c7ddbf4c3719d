"""Imports every context's permission declarations, so the registry is complete at start."""

from backend.api.commodities import permissions as commodities
from backend.api.finance import permissions as finance
from backend.api.identity import permissions as identity
from backend.api.partners import permissions as partners
from backend.api.platform import permissions as platform
from backend.api.risk import permissions as risk
from backend.api.trading import permissions as trading

__all__ = ["commodities", "finance", "identity", "partners", "platform", "risk", "trading"]
