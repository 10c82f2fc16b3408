"""Users: who can sign in, their role and the units they can see; one-time links to set a password."""

from __future__ import annotations

from flask import current_app, flash, make_response, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from surveyapp.admin import bp
from surveyapp.admin.forms import UserForm
from surveyapp.admin.lookups import unit_choices, user_or_404
from surveyapp.extensions import db
from surveyapp.models import Unit, User
from surveyapp.services import mfa
from surveyapp.services.access import ROLE_LABELS
from surveyapp.services.accounts import add_account, update_account
from surveyapp.services.password_resets import issue_reset
from surveyapp.services.users import UserError

SCOPE_KINDS_LEFT_OUT = ("partner",)  # scopes are services and groups, not single schools


@bp.get("/users")
def users() -> ResponseReturnValue:
    """Every account."""
    accounts = list(db.session.scalars(select(User).order_by(User.name)))
    return render_template(
        "admin/users/index.html", title="Users", accounts=accounts, role_labels=ROLE_LABELS
    )


def _form(user: User | None) -> UserForm:
    form = UserForm()
    form.scope.choices = unit_choices(exclude_kinds=SCOPE_KINDS_LEFT_OUT)
    if user is None:
        del form.active
    elif not form.is_submitted():
        form.name.data = user.name
        form.email.data = user.email
        form.role.data = user.role
        form.scope.data = [u.id for u in user.scope]
        form.active.data = user.active
    return form


def _scope(form: UserForm) -> list[Unit]:
    ids = form.scope.data or []
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(ids)))) if ids else []


def _link_page(account: User, token: str, *, new: bool) -> ResponseReturnValue:
    response = make_response(
        render_template(
            "admin/users/link.html",
            title="Account created" if new else "Password link created",
            account=account,
            link=f"{current_app.config['BASE_URL']}{url_for('auth.reset_password', token=token)}",
            hours=current_app.config["PASSWORD_RESET_HOURS"],
            new=new,
        )
    )
    response.headers["Cache-Control"] = "no-store"  # the link is shown once and must not be cached
    return response


@bp.route("/users/new", methods=["GET", "POST"])
def new_user() -> ResponseReturnValue:
    """Add an account and show the one-time link for the person to set their password."""
    form = _form(None)
    if form.validate_on_submit():
        try:
            account = add_account(
                db.session,
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                scope=_scope(form),
                actor=current_user,
            )
        except UserError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            token = issue_reset(
                db.session,
                account,
                actor=current_user,
                valid_for_hours=current_app.config["PASSWORD_RESET_HOURS"],
            )
            db.session.commit()
            return _link_page(account, token, new=True)
    return render_template("admin/users/form.html", title="Add a user", form=form, account=None)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def edit_user(user_id: int) -> ResponseReturnValue:
    """Change someone's details, role, scope, or whether they can sign in."""
    account = user_or_404(user_id)
    form = _form(account)
    if form.validate_on_submit():
        try:
            changed = update_account(
                db.session,
                account,
                email=form.email.data or "",
                name=form.name.data or "",
                role=form.role.data or "",
                scope=_scope(form),
                active=bool(form.active.data),
                actor=current_user,
            )
        except UserError as error:
            db.session.rollback()
            field = form.email if "account for" in str(error) else form.role
            field.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                f"{account.name}'s account has been saved." if changed else "Nothing was changed.", "success"
            )
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/users/form.html",
        title=f"Change {account.name}",
        form=form,
        account=account,
        mfa_roles=current_app.config["MFA_REQUIRED_ROLES"],
    )


@bp.post("/users/<int:user_id>/reset-mfa")
def reset_mfa(user_id: int) -> ResponseReturnValue:
    """Forget someone's authenticator app (lost phone); they set up a new one at their next sign-in."""
    account = user_or_404(user_id)
    mfa.reset(db.session, account, actor=current_user)
    db.session.commit()
    flash(
        f"{account.name}'s authenticator app has been reset. They set up a new one when they next sign in.",
        "success",
    )
    return redirect(url_for("admin.edit_user", user_id=account.id))


@bp.post("/users/<int:user_id>/password-link")
def password_link(user_id: int) -> ResponseReturnValue:
    """Make a one-time link for the person to set a new password (any earlier link stops working)."""
    account = user_or_404(user_id)
    token = issue_reset(
        db.session, account, actor=current_user, valid_for_hours=current_app.config["PASSWORD_RESET_HOURS"]
    )
    db.session.commit()
    return _link_page(account, token, new=False)
