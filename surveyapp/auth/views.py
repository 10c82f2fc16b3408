"""Sign in, sign out, and set a password from a one-time link."""

from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.auth import sessions
from surveyapp.auth.forms import MfaCodeForm, SetPasswordForm, SignInForm
from surveyapp.extensions import db, limiter
from surveyapp.models import User
from surveyapp.models.base import utcnow
from surveyapp.services import audit, mfa
from surveyapp.services.access import ADMIN
from surveyapp.services.password_resets import complete_reset, find_reset
from surveyapp.services.passwords import password_problem
from surveyapp.services.qr import qr_svg
from surveyapp.services.users import check_password, find_user, hash_password

bp = Blueprint("auth", __name__)
bp.before_app_request(sessions.check_session)

View = Callable[..., ResponseReturnValue]
TOO_MANY = "You have tried to sign in too many times. Wait a few minutes, then try again."


def _limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _by_address() -> str:
    return f"sign-in-address:{get_remote_address()}"


def _by_account() -> str:
    # A keyed hash, so the limiter's store (Redis when configured) never holds what people typed.
    typed = request.form.get("email", "").strip().lower()[:320]
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), typed.encode(), hashlib.sha256)
    return "sign-in-account:" + digest.hexdigest()[:32]


def _by_pending_account() -> str:
    # Codes are limited per account too, so spreading guesses over many addresses does not help.
    return f"mfa-account:{session.get(sessions.PENDING_USER)}"


def _failed(_response: WerkzeugResponse) -> bool:
    # Only failed attempts count towards the limits: people who sign in often are never throttled.
    return bool(g.get("sign_in_failed"))


def _failures_limited(key_func: Callable[[], str]) -> Callable[[View], View]:
    """Limit failed posts per ``key_func`` key to ``SIGN_IN_RATE_LIMIT``, then answer with a 429."""
    return limiter.limit(
        _limit, key_func=key_func, methods=["POST"], deduct_when=_failed, error_message=TOO_MANY
    )


def safe_next(value: str | None) -> str | None:
    """``value`` if it is a path on this site (never another site, so the redirect cannot be abused)."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    return value


def home_for(role: str) -> str:
    """Where someone lands after signing in."""
    return url_for("admin.dashboard") if role == ADMIN else url_for("insights.index")


@bp.route("/sign-in", methods=["GET", "POST"])
@_failures_limited(_by_address)
@_failures_limited(_by_account)
def sign_in() -> ResponseReturnValue:
    """The sign-in form. Failures are audited (without the password) and rate-limited."""
    destination = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(destination or home_for(current_user.role))
    form = SignInForm()
    g.sign_in_failed = False
    if form.validate_on_submit():
        user = find_user(db.session, form.email.data or "")
        if user is None:
            check_password_hash_for_timing(form.password.data or "")
            ok = False
        else:
            ok = check_password(user, form.password.data or "") and user.active
        if ok and user is not None and sessions.mfa_required(user):
            # Not signed in yet: the code from their authenticator app comes first.
            sessions.begin_pending(user, destination)
            return redirect(url_for("auth.verify_mfa" if mfa.is_enrolled(user) else "auth.set_up_mfa"))
        if ok and user is not None:
            user.last_signed_in_at = utcnow()
            audit.record(db.session, "auth.sign_in", user=user, target_type="user", target_id=user.id)
            db.session.commit()
            sessions.begin(user)
            return redirect(destination or home_for(user.role))
        g.sign_in_failed = True
        audit.record(
            db.session,
            "auth.sign_in_failed",
            user=user,
            target_type="user" if user else None,
            target_id=user.id if user else None,
            reason="wrong password or disabled account" if user else "no such account",
        )
        db.session.commit()
        form.email.errors = ["Enter a correct email address and password"]
    return render_template("auth/sign_in.html", form=form, title="Sign in")


def _complete_sign_in(user: User) -> WerkzeugResponse:
    destination = sessions.pending_destination()
    user.last_signed_in_at = utcnow()
    audit.record(db.session, "auth.sign_in", user=user, target_type="user", target_id=user.id, mfa=True)
    db.session.commit()
    sessions.begin(user, mfa_verified=True)
    return redirect(destination or home_for(user.role))


@bp.route("/sign-in/verify", methods=["GET", "POST"])
@_failures_limited(_by_address)
@_failures_limited(_by_pending_account)
def verify_mfa() -> ResponseReturnValue:
    """After the password: the code from the person's authenticator app. Failures are audited and limited."""
    user = sessions.pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if not mfa.is_enrolled(user):
        return redirect(url_for("auth.set_up_mfa"))
    form = MfaCodeForm()
    g.sign_in_failed = False
    if form.validate_on_submit():
        if mfa.verify(db.session, user, form.code.data or ""):
            return _complete_sign_in(user)
        db.session.commit()  # keep the audit of the failure
        g.sign_in_failed = True
        form.code.errors = ["Enter the code your authenticator app shows now. Each code works once."]
    elif form.is_submitted():
        g.sign_in_failed = True
    return render_template(
        "auth/verify_mfa.html", form=form, title="Enter the code from your authenticator app"
    )


@bp.route("/sign-in/set-up-mfa", methods=["GET", "POST"])
@_failures_limited(_by_address)
@_failures_limited(_by_pending_account)
def set_up_mfa() -> ResponseReturnValue:
    """First sign-in of an admin or leader: link an authenticator app, then confirm it with a code."""
    user = sessions.pending_user()
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if mfa.is_enrolled(user):
        return redirect(url_for("auth.verify_mfa"))
    secret = mfa.begin_enrolment(db.session, user)
    db.session.commit()
    form = MfaCodeForm()
    g.sign_in_failed = False
    if form.validate_on_submit():
        if mfa.confirm_enrolment(db.session, user, form.code.data or ""):
            return _complete_sign_in(user)
        db.session.commit()
        g.sign_in_failed = True
        form.code.errors = ["Enter the code your authenticator app shows now for the key on this page"]
    elif form.is_submitted():
        g.sign_in_failed = True
    issuer = f"{current_app.config['SERVICE_NAME']} ({current_app.config['COUNCIL_NAME']})"
    return render_template(
        "auth/set_up_mfa.html",
        form=form,
        title="Set up an authenticator app",
        qr=qr_svg(
            mfa.provisioning_uri(user, secret, issuer), label="QR code to add Heard to an authenticator app"
        ),
        key_groups=[secret[i : i + 4] for i in range(0, len(secret), 4)],
    )


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not a real password, only for timing")


def check_password_hash_for_timing(password: str) -> None:
    """Spend the time a real check takes when there is no such account, so a wrong address takes as
    long as a wrong password (the answer is always no)."""
    check_password(User(password_hash=_dummy_hash()), password)


@bp.get("/sign-out")
def sign_out() -> ResponseReturnValue:
    """Sign out and return to the sign-in page."""
    if current_user.is_authenticated:
        audit.record(
            db.session, "auth.sign_out", user=current_user, target_type="user", target_id=current_user.id
        )
        db.session.commit()
        sessions.end()
        flash("You have signed out.", "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> ResponseReturnValue:
    """Set a new password with a one-time link from an administrator."""
    reset = find_reset(db.session, token)
    if reset is None:
        return render_template("auth/link_problem.html", title="This password link does not work"), 404
    form = SetPasswordForm()
    if form.validate_on_submit() and _password_acceptable(form, reset.user):
        complete_reset(db.session, reset, form.password.data or "")
        db.session.commit()
        sessions.end()
        flash("Your password has been set. Sign in with your new password.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/set_password.html", form=form, title="Set your password", account=reset.user)


def _password_acceptable(form: SetPasswordForm, account: User) -> bool:
    """Refuse leaked, guessable or personal passwords, saying why on the form."""
    problem = password_problem(form.password.data or "", [account.email, account.name])
    if problem:
        form.password.errors = [problem]
        return False
    return True
