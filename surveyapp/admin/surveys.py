"""Surveys: create one from a shipped questionnaire, see it with its waves and open links, change it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from surveyapp.admin import bp
from surveyapp.admin.forms import ANONYMITY_LABELS, CADENCE_LABELS, OpenLinkForm, SurveyForm
from surveyapp.admin.lookups import survey_or_404, unit_choices
from surveyapp.extensions import db
from surveyapp.models import OpenLink, QuestionnaireVersion, Survey, Unit
from surveyapp.services.questionnaires import latest_version, sync_questionnaires
from surveyapp.services.surveys import SurveyError, create_survey, has_responses, update_survey

RESERVED_KEYS = {"new"}  # /admin/surveys/new is the create form

# Field that a service error is shown against, by words in its message.
_ERROR_FIELDS = (
    ("comment threshold", "text_threshold"),
    ("reporting threshold", "reporting_threshold"),
    ("anonymity", "anonymity_mode"),
    ("wave must be open", "wave_length_days"),
)


@bp.get("/surveys")
def surveys() -> ResponseReturnValue:
    """Every survey with where its waves stand."""
    all_surveys = list(db.session.scalars(select(Survey).order_by(Survey.title)))
    return render_template(
        "admin/surveys/index.html", title="Surveys", surveys=all_surveys, cadence_labels=CADENCE_LABELS
    )


def _questionnaire_choices() -> dict[str, str]:
    sync_questionnaires(db.session)
    db.session.commit()
    keys = sorted(set(db.session.scalars(select(QuestionnaireVersion.key))))
    choices = {}
    for key in keys:
        version = latest_version(db.session, key)
        if version is not None:
            choices[key] = f"{version.title} ({key}, version {version.version})"
    return choices


def _survey_form(survey: Survey | None) -> SurveyForm:
    form = SurveyForm()
    form.audience.choices = unit_choices()
    if survey is None:
        form.questionnaire.choices = _questionnaire_choices()
        if not form.is_submitted():
            form.reporting_threshold.data = _default("REPORTING_THRESHOLD", 5)
            form.text_threshold.data = _default("TEXT_REPORTING_THRESHOLD", 10)
            form.wave_length_days.data = 14
            form.anonymity_mode.data = "anonymous"
    else:
        del form.key
        del form.questionnaire
        if not form.is_submitted():
            form.title.data = survey.title
            form.audience.data = [u.id for u in survey.audience]
            form.cadence.data = survey.cadence
            form.anonymity_mode.data = survey.anonymity_mode
            form.reporting_threshold.data = survey.reporting_threshold
            form.text_threshold.data = survey.text_threshold
            form.wave_length_days.data = survey.wave_length_days
            form.next_wave_opens_on.data = survey.next_wave_opens_on
    return form


def _default(setting: str, fallback: int) -> int:
    return int(current_app.config.get(setting, fallback))


def _audience(form: SurveyForm) -> list[Unit]:
    ids = form.audience.data or []
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(ids)))) if ids else []


def _show_error(form: SurveyForm, error: SurveyError) -> None:
    message = str(error)
    field = next((f for words, f in _ERROR_FIELDS if words in message.lower()), "title")
    getattr(form, field).errors.append(message)


@bp.route("/surveys/new", methods=["GET", "POST"])
def new_survey() -> ResponseReturnValue:
    """Create a survey."""
    form = _survey_form(None)
    if form.validate_on_submit():
        key = (form.key.data or "").strip()
        questionnaire = latest_version(db.session, form.questionnaire.data or "")
        if key in RESERVED_KEYS:
            form.key.errors.append(f"{key} is used by Heard's own pages: choose another survey key")
        elif db.session.scalar(select(Survey.id).where(Survey.key == key)) is not None:
            form.key.errors.append(f"There is already a survey with the key {key}")
        elif questionnaire is None:
            form.questionnaire.errors.append("Choose a questionnaire")
        else:
            try:
                survey = create_survey(
                    db.session,
                    key=key,
                    title=(form.title.data or "").strip(),
                    questionnaire=questionnaire,
                    cadence=form.cadence.data or "",
                    audience=_audience(form),
                    anonymity_mode=form.anonymity_mode.data or "",
                    reporting_threshold=form.reporting_threshold.data or 0,
                    text_threshold=form.text_threshold.data or 0,
                    wave_length_days=form.wave_length_days.data or 0,
                    next_wave_opens_on=form.next_wave_opens_on.data,
                    user=current_user,
                )
            except SurveyError as error:
                db.session.rollback()
                _show_error(form, error)
            else:
                db.session.commit()
                flash(f"{survey.title} has been created.", "success")
                return redirect(url_for("admin.survey", key=survey.key))
    return render_template("admin/surveys/form.html", title="Create a survey", form=form, survey=None)


@bp.get("/surveys/<key>")
def survey(key: str) -> ResponseReturnValue:
    """A survey's settings, waves and open links."""
    found = survey_or_404(key)
    links = list(
        db.session.scalars(
            select(OpenLink).where(OpenLink.survey_id == found.id).order_by(OpenLink.created_at)
        )
    )
    link_form = OpenLinkForm()
    link_form.unit.choices = {
        "": "Any unit – respondents choose their team",
        **{str(unit_id): label for unit_id, label in unit_choices().items()},
    }
    return render_template(
        "admin/surveys/show.html",
        title=found.title,
        survey=found,
        links=links,
        link_form=link_form,
        cadence_labels=CADENCE_LABELS,
        anonymity_labels=ANONYMITY_LABELS,
        has_draft=any(w.status == "draft" for w in found.waves),
    )


@bp.route("/surveys/<key>/edit", methods=["GET", "POST"])
def edit_survey(key: str) -> ResponseReturnValue:
    """Change a survey's title, audience, cadence, thresholds, anonymity or schedule."""
    found = survey_or_404(key)
    form = _survey_form(found)
    answered = has_responses(db.session, found)
    if form.validate_on_submit():
        try:
            changed = update_survey(
                db.session,
                found,
                title=(form.title.data or "").strip(),
                audience=_audience(form),
                cadence=form.cadence.data or "",
                anonymity_mode=form.anonymity_mode.data or "",
                reporting_threshold=form.reporting_threshold.data or 0,
                text_threshold=form.text_threshold.data or 0,
                wave_length_days=form.wave_length_days.data or 0,
                next_wave_opens_on=form.next_wave_opens_on.data,
                user=current_user,
            )
        except SurveyError as error:
            db.session.rollback()
            _show_error(form, error)
        else:
            db.session.commit()
            flash("The survey has been saved." if changed else "Nothing was changed.", "success")
            return redirect(url_for("admin.survey", key=found.key))
    return render_template(
        "admin/surveys/form.html", title=f"Change {found.title}", form=form, survey=found, answered=answered
    )
