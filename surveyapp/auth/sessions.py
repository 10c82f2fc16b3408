"""Staff sessions: begun at sign-in, ended after a set time, after being idle, or when the account changes.

Flask's signed cookie session holds the user id (Flask-Login), when the session began, when it was last
used, and the account's session version; every request checks them against the clock and the database.
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

_ENDED = {
    "changed": "You have been signed out because your account was changed. Sign in again.",
    "expired": "You have been signed out because you were signed in for a long time. Sign in again.",
    "idle": "You have been signed out because you had not used Heard for a while. Sign in again.",
}


def stamp(store: Any, user: User, now: float | None = None) -> None:
    """Write the session keys Heard checks for ``user`` into ``store`` (the session, or a test's)."""
    now = time.time() if now is None else now
    store[STARTED] = now
    store[SEEN] = now
    store[VERSION] = user.session_version


def begin(user: User) -> None:
    """Sign ``user`` in with a fresh session (so a session id planted before sign-in is worthless)."""
    session.clear()
    login_user(user)
    session.permanent = True
    stamp(session, user)


def end() -> None:
    """Sign out and forget everything in the session."""
    logout_user()
    session.clear()


def check_session() -> None:
    """Before each request: end a signed-in session that is too old, idle or out of date."""
    if request.endpoint == "static" or "_user_id" not in session:
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
    elif now - float(session.get(STARTED, 0)) > lifetime:
        reason = "expired"
    elif now - float(session.get(SEEN, 0)) > idle:
        reason = "idle"
    if reason is not None:
        end()
        flash(_ENDED[reason], "information")
        return
    session[SEEN] = now
