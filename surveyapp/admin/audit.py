"""The audit log: who did or saw what, and when, filtered by action, person and date."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue

from surveyapp.admin import bp
from surveyapp.admin.forms import AuditFilterForm
from surveyapp.extensions import db
from surveyapp.services.audit_log import ACTION_LABELS, describe, known_actions, people, search


@bp.get("/audit")
def audit_log() -> ResponseReturnValue:
    """Events newest first, 50 a page."""
    form = AuditFilterForm(request.args)
    form.action.choices = {
        "": "Any action",
        **{a: ACTION_LABELS.get(a, a) for a in known_actions(db.session)},
    }
    form.user.choices = {
        "": "Anyone",
        "system": "Heard itself (scheduled tasks)",
        **{str(u.id): f"{u.name} ({u.email})" for u in people(db.session)},
    }
    valid = form.validate() if request.args else True
    user_filter = form.user.data if valid else ""
    result = search(
        db.session,
        action=(form.action.data or None) if valid else None,
        user_id=_user_id(user_filter),
        system_only=user_filter == "system",
        since=form.since.data if valid else None,
        until=form.until.data if valid else None,
        page=request.args.get("page", 1, type=int) or 1,
    )
    filters = {k: request.args.getlist(k) for k in request.args if k != "page"}

    def page_url(number: int) -> str:
        return url_for("admin.audit_log", **filters, page=number)

    return render_template(
        "admin/audit/index.html",
        title="Audit log",
        form=form if request.args else None,
        filter_form=form,
        result=result,
        describe=describe,
        labels=ACTION_LABELS,
        page_url=page_url,
    )


def _user_id(text: str | None) -> int | None:
    """An account id from the filter, or None. isdecimal, not isdigit: isdigit() accepts "²", which int()
    refuses; and no id runs to 19 digits, while int() refuses 4,300."""
    return int(text) if text and text.isdecimal() and len(text) < 19 else None
