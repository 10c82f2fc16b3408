"""Tokens for the read-only API: issued by an administrator for a user, stored only as a SHA-256 hash.

A token acts with its user's role and unit scope. It stops working when it is revoked or when its user
is disabled; the raw token is returned once, at issue, and never kept.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from surveyapp.models import User
from surveyapp.models.base import utcnow
from surveyapp.models.insights import ApiToken
from surveyapp.services.audit import record
from surveyapp.services.tokens import hash_token, new_token

#: Marks a Heard API token, so a leaked one is recognisable (for example by secret scanners).
PREFIX = "heard_"
NAME_MAX = 100


def issue_token(session: Session, user: User, name: str, *, actor: User | None) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns the row and the raw token, which is shown once (caller commits)."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a token needs a name")
    raw = PREFIX + new_token()
    token = ApiToken(user_id=user.id, name=name[:NAME_MAX], token_hash=hash_token(raw))
    session.add(token)
    session.flush()
    record(
        session, "api_token.issued", user=actor, target_type="api_token", target_id=token.id, for_user=user.id
    )
    return token, raw


def revoke_token(session: Session, token: ApiToken, *, actor: User) -> bool:
    """Stop ``token`` working; False if it was already revoked (caller commits)."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    record(
        session,
        "api_token.revoked",
        user=actor,
        target_type="api_token",
        target_id=token.id,
        for_user=token.user_id,
    )
    return True


def all_tokens(session: Session) -> list[ApiToken]:
    """Every token with its user: working ones first, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .options(joinedload(ApiToken.user))
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def authenticate(session: Session, raw: str, *, today: dt.date | None = None) -> User | None:
    """The user a working ``raw`` token acts for, or None (unknown, revoked, or the user is disabled).

    Records the day of use (the day only, like everything else Heard keeps about activity).
    """
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    today = today or dt.date.today()
    if token.last_used_on != today:
        token.last_used_on = today
        session.commit()
    return token.user
