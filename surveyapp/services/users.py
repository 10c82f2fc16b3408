"""Staff accounts: creating them and checking passwords (argon2id)."""

from __future__ import annotations

from collections.abc import Iterable

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import ROLES, Unit, User
from surveyapp.services import audit

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 12


class UserError(ValueError):
    """An account change that cannot be made; the message says why."""


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def check_password(user: User, password: str) -> bool:
    """True if ``password`` is ``user``'s password."""
    if not user.password_hash:
        return False
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def find_user(session: Session, email: str) -> User | None:
    """The account for ``email`` (case-insensitive), if any."""
    return session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str,
    scope: Iterable[Unit] = (),
    actor: User | None = None,
) -> User:
    """Create an account. Refuses unknown roles, duplicate emails and short passwords."""
    if role not in ROLES:
        raise UserError(f"Role must be one of {', '.join(ROLES)}, not '{role}'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters")
    if find_user(session, email) is not None:
        raise UserError(f"There is already an account for {email}")
    user = User(email=email.strip().lower(), name=name, role=role, password_hash=hash_password(password))
    user.scope = list(scope)
    session.add(user)
    session.flush()
    audit.record(session, "user.create", user=actor, target_type="user", target_id=user.id, role=role)
    return user


def set_password(session: Session, user: User, password: str) -> None:
    """Replace ``user``'s password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Passwords must be at least {MIN_PASSWORD_LENGTH} characters")
    user.password_hash = hash_password(password)
