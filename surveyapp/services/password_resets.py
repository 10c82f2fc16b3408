"""One-time links an administrator issues so someone can set (or reset) their password.

The token has 192 bits of randomness and is stored only as a SHA-256 hash, with an expiry. Issuing a new
link cancels any earlier unused one; setting a password ends every other session of that account.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from surveyapp.models import PasswordReset, User
from surveyapp.models.base import utcnow
from surveyapp.services import audit
from surveyapp.services.tokens import hash_token, new_token
from surveyapp.services.users import set_password


def aware(moment: dt.datetime) -> dt.datetime:
    """``moment`` as UTC-aware (SQLite hands back naive datetimes)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def issue_reset(session: Session, user: User, *, actor: User | None, valid_for_hours: int = 48) -> str:
    """A new one-time link token for ``user`` (shown to the administrator once)."""
    now = utcnow()
    session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    token = new_token()
    session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_token(token),
            expires_at=now + dt.timedelta(hours=valid_for_hours),
            created_by_id=actor.id if actor else None,
        )
    )
    session.flush()
    audit.record(session, "user.password_link", user=actor, target_type="user", target_id=user.id)
    return token


def find_reset(session: Session, token: str) -> PasswordReset | None:
    """The unused, unexpired reset for ``token``, if there is one."""
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == hash_token(token)))
    if reset is None or reset.used_at is not None or aware(reset.expires_at) <= utcnow():
        return None
    if not reset.user.active:
        return None
    return reset


def complete_reset(session: Session, reset: PasswordReset, password: str) -> User:
    """Set the password, spend the link and end the account's other sessions."""
    user = reset.user
    set_password(session, user, password)
    reset.used_at = utcnow()
    user.session_version += 1
    audit.record(session, "user.password_set", user=user, target_type="user", target_id=user.id)
    return user
