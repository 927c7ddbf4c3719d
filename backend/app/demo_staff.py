"""The demo tenant's staff beyond its admin: a back-office checker, because partner approval is
maker-checker and the admin who submits a partner may not approve it."""

from __future__ import annotations

import re

from sqlalchemy import select

from backend.app.bootstrap import Container
from backend.core.principal import Principal
from backend.modules.identity.application.commands.activate_user import ActivateUser, activate_user
from backend.modules.identity.application.commands.assignments import AssignRole, assign_role
from backend.modules.identity.application.commands.invite_user import InviteUser, invite_user
from backend.modules.identity.application.commands.login import Login, login
from backend.modules.identity.application.queries import directory
from backend.modules.identity.application.tokens import TokenPair
from backend.modules.identity.infrastructure.tables import dev_messages

CHECKER_EMAIL = "checker@demo.mandi.local"
CHECKER_PASSWORD = "Demo!Approve-2026"  # noqa: S105 - a published demo credential for the local embedded database
CHECKER_ROLE = "back_office"  # approves partners and verifies their documents
ACTIVATION_CODE = re.compile(r"code: (\S+)")


async def signed_in(container: Container, email: str, password: str) -> Principal:
    """The principal the API would see for ``email`` after a password sign-in."""
    pair = await login(Login(email, password), container.auth)
    assert isinstance(pair, TokenPair)  # demo staff have no second factor
    return await container.authenticate(pair.access_token)


async def demo_checker(container: Container, admin: Principal) -> Principal:
    """Invite the checker, activate the account as its owner would and give it the back-office role."""
    invited = await invite_user(InviteUser("Demo back-office checker", CHECKER_EMAIL, None), admin, container.auth)
    code = await _activation_code(container, CHECKER_EMAIL)
    await activate_user(ActivateUser(code, CHECKER_PASSWORD), container.auth)
    roles = await directory.list_roles(admin, container.auth)
    role_id = next(role.id for role in roles if role.name == CHECKER_ROLE)
    await assign_role(AssignRole(invited.id, role_id), admin, container.auth)
    return await signed_in(container, CHECKER_EMAIL, CHECKER_PASSWORD)


async def _activation_code(container: Container, email: str) -> str:
    # no mail server in a local install: the development mail sink holds the invitation, and the
    # invited person would read the code from there; identity has no use case that returns it
    statement = (
        select(dev_messages.c.body).where(dev_messages.c.recipient == email).order_by(dev_messages.c.id.desc()).limit(1)
    )
    async with container.session_factory() as session:
        body = await session.scalar(statement)
    found = ACTIVATION_CODE.search(body or "")
    if found is None:
        raise RuntimeError(f"the invitation to {email} carries no activation code")
    return found.group(1)
