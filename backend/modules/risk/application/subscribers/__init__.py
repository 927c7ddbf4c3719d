"""Risk's reactions to other contexts' events, each idempotent through the risk inbox."""

from backend.modules.risk.application.subscribers.registration import CONSUMERS, register_risk_subscribers

__all__ = ["CONSUMERS", "register_risk_subscribers"]
