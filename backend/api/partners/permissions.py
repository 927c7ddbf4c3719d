"""Permissions of the partners context; branch-scoped ones hold only for the granted branches."""

from backend.core.permissions import declare

READ = declare("partners.read", "Read partners, their documents, evidence and capabilities", scoped=True)
CREATE = declare("partners.create", "Start onboarding a partner", scoped=True)
UPDATE = declare(
    "partners.update", "Edit a draft partner: profile, locations, accounts, contacts, documents", scoped=True
)
SUBMIT = declare("partners.submit", "Submit a partner for approval", scoped=True)
APPROVE = declare(
    "partners.approve", "Approve partners routed to the caller's role, or ask them for information", scoped=True
)
REJECT = declare("partners.reject", "Reject a submitted partner", scoped=True)
SUSPEND = declare("partners.suspend", "Suspend and reactivate approved partners", scoped=True)
VERIFY_DOCUMENTS = declare("partners.verify_documents", "Verify uploaded partner documents", scoped=True)
OVERRIDE_CAPABILITIES = declare(
    "partners.override_capabilities", "Override a partner's trade capabilities, with a reason", scoped=True
)
REQUEST_AMENDMENTS = declare("partners.request_amendments", "Request changes to an approved partner", scoped=True)
APPROVE_AMENDMENTS = declare("partners.approve_amendments", "Approve or reject partner amendments", scoped=True)
