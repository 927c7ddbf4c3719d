"""Finance's reactions to other contexts' events, each idempotent through the finance inbox."""

from backend.modules.finance.application.subscribers.registration import CONSUMERS, register_finance_subscribers

__all__ = ["CONSUMERS", "register_finance_subscribers"]
