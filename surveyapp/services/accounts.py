"""Managing staff accounts from the admin pages: adding people, changing roles and scopes, disabling.

New accounts get an unguessable password nobody knows; the person sets their own through a one-time link
(see ``password_resets``). Every change is audited with what changed (never a password).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy.orm import Session

from surveyapp.models import ROLES, Unit, User
from surveyapp.services import audit
from surveyapp.services.users import UserError, create_user, find_user


def add_account(
    session: Session, *, email: str, name: str, role: str, scope: Iterable[Unit], actor: User | None
) -> User:
    """Create an account the person cannot sign in to until they set a password from their link."""
    return create_user(
        session,
        email=email,
        name=name.strip(),
        role=role,
        password=secrets.token_urlsafe(32),
        scope=[] if role == "admin" else scope,
        actor=actor,
    )


def update_account(
    session: Session,
    user: User,
    *,
    email: str,
    name: str,
    role: str,
    scope: Iterable[Unit],
    active: bool,
    actor: User | None,
) -> list[str]:
    """Change an account; returns what changed. Administrators cannot demote or disable themselves."""
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}")
    if actor is not None and actor.id == user.id and (role != user.role or not active):
        raise UserError("You cannot change your own role or disable your own account")
    email = email.strip().lower()
    clash = find_user(session, email)
    if clash is not None and clash.id != user.id:
        raise UserError(f"There is already an account for {email}")
    scope = [] if role == "admin" else list(scope)
    changed = []
    if user.email != email:
        changed.append("email")
    if user.name != name.strip():
        changed.append("name")
    old_role = user.role
    if user.role != role:
        changed.append("role")
    if sorted(u.id for u in user.scope) != sorted(u.id for u in scope):
        changed.append("scope")
    if user.active != active:
        changed.append("active")
    user.email, user.name, user.role, user.active = email, name.strip(), role, active
    user.scope = scope
    if not active and "active" in changed:
        user.session_version += 1  # sign them out everywhere at once
    if changed:
        detail: dict[str, object] = {"changed": changed}
        if "role" in changed:
            detail["role"] = [old_role, role]
        if "scope" in changed:
            detail["scope"] = [u.key for u in scope]
        if "active" in changed:
            detail["active"] = active
        audit.record(session, "user.update", user=actor, target_type="user", target_id=user.id, **detail)
    return changed
