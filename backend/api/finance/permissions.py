"""Permissions of the finance context; each may be limited to branches (a receivable's branch is its
trade's)."""

from backend.core.permissions import declare

READ = declare("finance.read", "Read receivables and the payments received against them", scoped=True)
RECORD_PAYMENTS = declare("finance.record_payments", "Record payments received against receivables", scoped=True)
REVERSE_PAYMENTS = declare(
    "finance.reverse_payments",
    "Reverse a payment recorded by someone else (a bounced cheque, a wrong credit), with the reason",
    scoped=True,
)
