"""Staff sessions: begun at sign-in, ended after a set time, after being idle, or when the account changes.

Flask's signed cookie session holds the user id (Flask-Login), when the session began, when it was last
used, the account's session version and whether a second factor was confirmed; every request checks them
against the clock and the database.

Between a correct password and a correct authenticator code (roles in MFA_REQUIRED_ROLES) the session
holds only a *pending* sign-in (``PENDING_*``): nobody is signed in, so every protected page still sends
the person to sign in.
"""

from __future__ import annotations

import time
from typing import Any

from flask import current_app, flash, request, session
from flask_login import current_user, login_user, logout_user

from surveyapp.models import User

STARTED = "heard_started"
SEEN = "heard_seen"
VERSION = "heard_session_version"
MFA = "heard_mfa"
PENDING_USER = "heard_pending_user"
PENDING_SINCE = "heard_pending_since"
PENDING_VERSION = "heard_pending_version"
PENDING_NEXT = "heard_pending_next"
PENDING_SECONDS = 10 * 60  # time allowed to find the phone and type a code

_ENDED = {
    "changed": "You have been signed out because your account was changed. Sign in again.",
    "expired": "You have been signed out because you were signed in for a long time. Sign in again.",
    "idle": "You have been signed out because you had not used Heard for a while. Sign in again.",
}


def stamp(store: Any, user: User, now: float | None = None, *, mfa_verified: bool = False) -> None:
    """Write the session keys Heard checks for ``user`` into ``store`` (the session, or a test's)."""
    now = time.time() if now is None else now
    store[STARTED] = now
    store[SEEN] = now
    store[VERSION] = user.session_version
    store[MFA] = mfa_verified


def mfa_required(user: User) -> bool:
    """Whether ``user``'s role must confirm an authenticator code (setting MFA_REQUIRED_ROLES)."""
    return user.role in current_app.config["MFA_REQUIRED_ROLES"]


def begin(user: User, *, mfa_verified: bool = False) -> None:
    """Sign ``user`` in with a fresh session (so a session id planted before sign-in is worthless)."""
    session.clear()
    login_user(user)
    session.permanent = True
    stamp(session, user, mfa_verified=mfa_verified)


def begin_pending(user: User, destination: str | None) -> None:
    """Password accepted, code still to come: a fresh session that signs nobody in yet."""
    logout_user()
    session.clear()
    session[PENDING_USER] = user.id
    session[PENDING_SINCE] = time.time()
    session[PENDING_VERSION] = user.session_version
    if destination:
        session[PENDING_NEXT] = destination


def pending_user() -> User | None:
    """The account whose password was just accepted, while its code is awaited (None once stale)."""
    from surveyapp.extensions import db

    user_id = session.get(PENDING_USER)
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    fresh = time.time() - float(session.get(PENDING_SINCE, 0)) <= PENDING_SECONDS
    if user is None or not user.active or not fresh or session.get(PENDING_VERSION) != user.session_version:
        for key in (PENDING_USER, PENDING_SINCE, PENDING_VERSION, PENDING_NEXT):
            session.pop(key, None)
        return None
    return user


def pending_destination() -> str | None:
    """Where the person asked to go before signing in."""
    return session.get(PENDING_NEXT)


def end() -> None:
    """Sign out and forget everything in the session."""
    logout_user()
    session.clear()


def check_session() -> None:
    """Before each request: end a signed-in session that is too old, idle or out of date."""
    if request.endpoint == "static" or "_user_id" not in session:
        return
    if request.blueprint == "api":  # the API ignores cookies: it neither reads nor prolongs a session
        return
    if not current_user.is_authenticated:  # the account was deleted or disabled
        end()
        flash(_ENDED["changed"], "information")
        return
    now = time.time()
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    idle = current_app.config["SESSION_IDLE_MINUTES"] * 60
    reason = None
    if session.get(VERSION) != current_user.session_version:
        reason = "changed"
    elif mfa_required(current_user) and not session.get(MFA):
        reason = "changed"  # e.g. promoted to a role that needs a code: sign in again with one
    elif now - float(session.get(STARTED, 0)) > lifetime:
        reason = "expired"
    elif now - float(session.get(SEEN, 0)) > idle:
        reason = "idle"
    if reason is not None:
        end()
        flash(_ENDED[reason], "information")
        return
    session[SEEN] = now
