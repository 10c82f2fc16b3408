"""API tokens: issue one for a user (shown once), list them, and revoke them."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from surveyapp.admin import bp
from surveyapp.admin.token_forms import ApiTokenForm
from surveyapp.extensions import db
from surveyapp.models import User
from surveyapp.models.insights import ApiToken
from surveyapp.services.access import READER_ROLES, ROLE_LABELS
from surveyapp.services.api_tokens import all_tokens, issue_token, revoke_token


@bp.get("/api-tokens")
def api_tokens() -> ResponseReturnValue:
    """Every token: whose, what for, when it was last used, and whether it still works."""
    return render_template(
        "admin/api_tokens/index.html",
        title="API tokens",
        tokens=all_tokens(db.session),
        role_labels=ROLE_LABELS,
    )


def _form() -> ApiTokenForm:
    form = ApiTokenForm()
    people = db.session.scalars(
        select(User).where(User.active.is_(True), User.role.in_(READER_ROLES)).order_by(User.name)
    )
    form.user.choices = [(u.id, f"{u.name} ({u.email}, {ROLE_LABELS[u.role]})") for u in people]
    return form


@bp.route("/api-tokens/new", methods=["GET", "POST"])
def new_api_token() -> ResponseReturnValue:
    """Issue a token and show it once."""
    form = _form()
    if form.validate_on_submit():
        owner = db.session.get(User, form.user.data)
        assert owner is not None  # the choices are existing, active users
        token, raw = issue_token(db.session, owner, form.name.data or "", actor=current_user)
        db.session.commit()
        response = make_response(
            render_template("admin/api_tokens/issued.html", title="API token issued", token=token, raw=raw)
        )
        response.headers["Cache-Control"] = "no-store"  # the token is shown once and must not be cached
        return response
    return render_template("admin/api_tokens/new.html", title="Issue an API token", form=form)


@bp.post("/api-tokens/<int:token_id>/revoke")
def revoke_api_token(token_id: int) -> ResponseReturnValue:
    """Stop a token working at once."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        abort(404)
    if revoke_token(db.session, token, actor=current_user):
        db.session.commit()
        flash(f"The token '{token.name}' has been revoked. It no longer works.", "success")
    else:
        flash(f"The token '{token.name}' was already revoked.", "information")
    return redirect(url_for("admin.api_tokens"))
