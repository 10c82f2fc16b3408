"""Waves: open one now or schedule it, move its closing date, close it, and reopen it with a reason."""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.admin import bp
from surveyapp.admin.forms import ClosingDateForm, ConfirmForm, ReopenForm, WaveForm
from surveyapp.admin.lookups import survey_or_404, wave_or_404
from surveyapp.extensions import db
from surveyapp.jobs import forget_write_order_soon
from surveyapp.services.reminders import email_counts
from surveyapp.services.surveys import (
    SurveyError,
    change_closing_date,
    close_wave,
    current_wave,
    open_draft_wave,
    reopen_wave,
    schedule_wave,
)


def _wave_url(key: str, number: int) -> str:
    return url_for("admin.wave", key=key, number=number)


@bp.route("/surveys/<key>/waves/new", methods=["GET", "POST"])
def new_wave(key: str) -> ResponseReturnValue:
    """Open the next wave today, or schedule it for a later day."""
    survey = survey_or_404(key)
    form = WaveForm()
    today = dt.date.today()
    if not form.is_submitted():
        form.opens_on.data = today
        form.closes_on.data = today + dt.timedelta(days=survey.wave_length_days - 1)
    if form.validate_on_submit():
        opens_on, closes_on = form.opens_on.data, form.closes_on.data
        assert opens_on is not None and closes_on is not None
        try:
            if opens_on <= today and current_wave(db.session, survey) is not None:
                raise SurveyError(
                    "This survey already has an open wave: close it first, or choose a later date"
                )
            wave = schedule_wave(
                db.session, survey, opens_on=opens_on, closes_on=closes_on, user=current_user
            )
            if opens_on <= today:
                open_draft_wave(db.session, wave, today=today, user=current_user)
        except SurveyError as error:
            db.session.rollback()
            form.opens_on.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                f"Wave {wave.number} is open."
                if wave.status == "open"
                else f"Wave {wave.number} will open on {opens_on.day} {opens_on:%B %Y}.",
                "success",
            )
            return redirect(_wave_url(key, wave.number))
    return render_template("admin/waves/new.html", title="Open or schedule a wave", form=form, survey=survey)


@bp.get("/surveys/<key>/waves/<int:number>")
def wave(key: str, number: int) -> ResponseReturnValue:
    """One wave: its dates and status, and what can be done with it."""
    survey = survey_or_404(key)
    found = wave_or_404(survey, number)
    return render_template(
        "admin/waves/show.html",
        title=f"Wave {found.number} – {survey.title}",
        survey=survey,
        wave=found,
        counts=email_counts(db.session, found),
        other_open=current_wave(db.session, survey) not in (None, found),
    )


@bp.post("/surveys/<key>/waves/<int:number>/open")
def open_wave(key: str, number: int) -> ResponseReturnValue:
    """Open a scheduled wave now."""
    survey = survey_or_404(key)
    found = wave_or_404(survey, number)
    try:
        open_draft_wave(db.session, found, user=current_user)
    except SurveyError as error:
        db.session.rollback()
        flash(str(error), "information")
    else:
        db.session.commit()
        flash(f"Wave {found.number} is open.", "success")
    return redirect(_wave_url(key, number))


@bp.route("/surveys/<key>/waves/<int:number>/close", methods=["GET", "POST"])
def close(key: str, number: int) -> ResponseReturnValue:
    """Confirm, then close the wave and discard its invitation email addresses."""
    survey = survey_or_404(key)
    found = wave_or_404(survey, number)
    form = ConfirmForm()
    if found.status != "open":
        flash(f"Wave {found.number} is not open.", "information")
        return redirect(_wave_url(key, number))
    if form.validate_on_submit():
        close_wave(db.session, found, user=current_user)
        db.session.commit()
        forget_write_order_soon(current_app._get_current_object())  # type: ignore[attr-defined]
        flash(
            f"Wave {found.number} is closed and its invitation email addresses have been deleted.", "success"
        )
        return redirect(_wave_url(key, number))
    return render_template(
        "admin/waves/close.html",
        title=f"Close wave {found.number}",
        survey=survey,
        wave=found,
        form=form,
        counts=email_counts(db.session, found),
    )


@bp.route("/surveys/<key>/waves/<int:number>/reopen", methods=["GET", "POST"])
def reopen(key: str, number: int) -> ResponseReturnValue:
    """Reopen a closed or analysed wave; the reason is kept in the audit log."""
    survey = survey_or_404(key)
    found = wave_or_404(survey, number)
    if found.status not in ("closed", "analysed"):
        flash(f"Wave {found.number} is not closed.", "information")
        return redirect(_wave_url(key, number))
    form = ReopenForm()
    if not form.is_submitted():
        form.closes_on.data = dt.date.today() + dt.timedelta(days=6)
    if form.validate_on_submit():
        assert form.closes_on.data is not None
        try:
            reopen_wave(
                db.session,
                found,
                reason=form.reason.data or "",
                closes_on=form.closes_on.data,
                user=current_user,
            )
        except SurveyError as error:
            db.session.rollback()
            field = form.closes_on if "closing date" in str(error) else form.reason
            field.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Wave {found.number} is open again.", "success")
            return redirect(_wave_url(key, number))
    return render_template(
        "admin/waves/reopen.html", title=f"Reopen wave {found.number}", survey=survey, wave=found, form=form
    )


@bp.route("/surveys/<key>/waves/<int:number>/closing-date", methods=["GET", "POST"])
def closing_date(key: str, number: int) -> ResponseReturnValue:
    """Move the closing date of a scheduled or open wave."""
    survey = survey_or_404(key)
    found = wave_or_404(survey, number)
    form = ClosingDateForm()
    if not form.is_submitted():
        form.closes_on.data = found.closes_on
    if form.validate_on_submit():
        assert form.closes_on.data is not None
        try:
            change_closing_date(db.session, found, form.closes_on.data, user=current_user)
        except SurveyError as error:
            db.session.rollback()
            form.closes_on.errors.append(str(error))
        else:
            db.session.commit()
            flash(
                f"Wave {found.number} now closes on {found.closes_on.day} {found.closes_on:%B %Y}.", "success"
            )
            return redirect(_wave_url(key, number))
    return render_template(
        "admin/waves/closing_date.html",
        title=f"Change when wave {found.number} closes",
        survey=survey,
        wave=found,
        form=form,
    )
