"""Second factor for admin and leader accounts: a six-digit code from an authenticator app (TOTP, RFC 6238).

A code is accepted for its own 30-second step and one step either side (phone clocks drift), and only
once: the step of the last accepted code is kept, and a conditional update lets exactly one use of a
code win, even when two requests race. Secrets are sealed in the database (``surveyapp.sealing``) and
never logged, audited or shown after set-up.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Iterable

import pyotp
from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from surveyapp.models import User
from surveyapp.models.base import utcnow
from surveyapp.sealing import UNREADABLE
from surveyapp.services import audit

STEP_SECONDS = 30
DRIFT_STEPS = 1
CODE_DIGITS = 6


def requires_mfa(user: User, roles: Iterable[str]) -> bool:
    """Whether ``user``'s role must confirm a code after the password."""
    return user.role in set(roles)


def is_enrolled(user: User) -> bool:
    """Whether ``user`` has finished setting up an authenticator app."""
    return bool(user.totp_secret and user.totp_enabled_at)


def new_secret() -> str:
    """A fresh random base32 secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def current_code(secret: str, now: float | None = None) -> str:
    """The code an authenticator app shows now (for the demo's CLI and tests)."""
    return pyotp.TOTP(secret).at(time.time() if now is None else now)


def _matching_step(secret: str, code: str, now: float) -> int | None:
    """The time step within the allowed drift whose code is ``code``, if any."""
    code = "".join(code.split())
    if secret == UNREADABLE:  # sealed under another key (see surveyapp.sealing): no code can match
        return None
    if len(code) != CODE_DIGITS or not (code.isascii() and code.isdigit()):  # compare_digest needs ASCII
        return None
    totp = pyotp.TOTP(secret)
    step = int(now // STEP_SECONDS)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def _claim_step(session: Session, user: User, step: int) -> bool:
    """Record ``step`` as used, unless it (or a later one) already was: True if this use wins."""
    result = session.execute(
        update(User)
        .where(User.id == user.id, or_(User.last_totp_step.is_(None), User.last_totp_step < step))
        .values(last_totp_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 1:
        user.last_totp_step = step
        return True
    return False


def begin_enrolment(session: Session, user: User) -> str:
    """The secret to show while ``user`` sets up their app (made once, kept until confirmed)."""
    if is_enrolled(user):
        raise ValueError("already enrolled")
    if not user.totp_secret:
        user.totp_secret = new_secret()
        session.flush()
    return user.totp_secret


def confirm_enrolment(session: Session, user: User, code: str, now: float | None = None) -> bool:
    """Finish set-up if ``code`` comes from the app just set up; audited either way (the caller commits)."""
    now = time.time() if now is None else now
    step = _matching_step(user.totp_secret or "", code, now) if user.totp_secret else None
    if step is None or not _claim_step(session, user, step):
        audit.record(
            session, "auth.mfa_failed", user=user, target_type="user", target_id=user.id, stage="set-up"
        )
        return False
    user.totp_enabled_at = utcnow()
    audit.record(session, "auth.mfa_enrolled", user=user, target_type="user", target_id=user.id)
    return True


def verify(session: Session, user: User, code: str, now: float | None = None) -> bool:
    """Whether ``code`` is a fresh, unused code from ``user``'s app; audited (the caller commits)."""
    now = time.time() if now is None else now
    step = _matching_step(user.totp_secret or "", code, now) if is_enrolled(user) else None
    if step is None:
        reason = "wrong code"
    elif not _claim_step(session, user, step):
        reason = "code already used"
    else:
        audit.record(session, "auth.mfa_verified", user=user, target_type="user", target_id=user.id)
        return True
    audit.record(session, "auth.mfa_failed", user=user, target_type="user", target_id=user.id, reason=reason)
    return False


def reset(session: Session, user: User, *, actor: User | None) -> None:
    """Forget ``user``'s authenticator app (lost phone): they set up a new one at their next sign-in.

    Every session of the account ends, since it was begun with the old app.
    """
    user.totp_secret = None
    user.totp_enabled_at = None
    user.last_totp_step = None
    user.session_version += 1
    audit.record(session, "user.mfa_reset", user=actor, target_type="user", target_id=user.id)


def enrol_with_secret(session: Session, user: User, secret: str) -> None:
    """Enrol ``user`` with a known secret without a code: only for the demo's invented accounts."""
    if not user.email.endswith("@demo.invalid"):
        raise ValueError("fixed authenticator secrets are only for @demo.invalid demo accounts")
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    session.flush()
