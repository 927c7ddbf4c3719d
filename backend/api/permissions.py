"""Imports every context's permission declarations, so the registry is complete at start."""

from backend.api.commodities import permissions as commodities
from backend.api.identity import permissions as identity
from backend.api.platform import permissions as platform

__all__ = ["commodities", "identity", "platform"]
