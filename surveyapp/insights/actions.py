"""'You said, we did' for readers: list, write, edit and publish actions against a theme or question."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from surveyapp.admin.forms import BlankDateAllowed, GovDateField
from surveyapp.extensions import db
from surveyapp.insights import bp
from surveyapp.models import Action, Survey
from surveyapp.services import actions as actions_service
from surveyapp.services.access import survey_for
from surveyapp.services.dashboard import reported_waves
from surveyapp.services.questionnaires import from_definition


class ActionForm(FlaskForm):
    """One action: what staff said, what was done, who owns it and by when."""

    subject = SelectField(
        "What it answers",
        widget=GovSelect(),
        choices=[],
        validate_choice=True,
        validators=[InputRequired("Choose the theme or question this action answers")],
    )
    you_said = TextAreaField(
        "You said",
        widget=GovTextArea(),
        description="In staff's own terms, without quoting anyone",
        validators=[
            InputRequired("Enter what staff said"),
            Length(max=2000, message="Keep it under 2,000 characters"),
        ],
    )
    we_did = TextAreaField(
        "We did",
        widget=GovTextArea(),
        validators=[
            InputRequired("Enter what was done"),
            Length(max=2000, message="Keep it under 2,000 characters"),
        ],
    )
    owner = StringField(
        "Owner",
        widget=GovTextInput(),
        description="A role rather than a name, for example Head of Service, Assessment",
        validators=[
            InputRequired("Enter who owns this action"),
            Length(max=200, message="Keep it under 200 characters"),
        ],
    )
    due_on = GovDateField(
        "Due by (optional)",
        error_name="The due date",
        description="For example, 27 3 2027",
        validators=[BlankDateAllowed()],
    )
    submit = SubmitField("Save as draft", widget=GovSubmitInput())


class PublishForm(FlaskForm):
    """A button that publishes (or takes back) one action."""

    submit = SubmitField("Publish", widget=GovSubmitInput())


def _can_write() -> bool:
    return current_user.role in actions_service.WRITER_ROLES


def _subject_choices(survey: Survey) -> list[tuple[str, str]]:
    choices = [("", "Choose a theme or question")]
    choices += [
        (f"theme:{t.id}", f"Theme: {t.display_label}") for t in actions_service.themes_for(db.session, survey)
    ]
    waves = reported_waves(survey) or [w for w in survey.waves]
    if waves:
        questions = from_definition(waves[-1].questionnaire.definition).questions
        choices += [(f"question:{q.key}", f"Question: {q.text}") for q in questions if q.type != "free_text"]
    return choices


def _fields(form: ActionForm) -> actions_service.ActionFields:
    kind, _, value = form.subject.data.partition(":")
    return actions_service.ActionFields(
        you_said=form.you_said.data,
        we_did=form.we_did.data,
        owner=form.owner.data,
        due_on=form.due_on.data,
        theme_id=int(value) if kind == "theme" else None,
        question_key=value if kind == "question" else None,
    )


@bp.get("/<survey_key>/actions")
def actions(survey_key: str) -> ResponseReturnValue:
    """Every action of the survey, drafts first."""
    survey = survey_for(db.session, current_user, survey_key)
    labels = dict(_subject_choices(survey))
    return render_template(
        "insights/actions/index.html",
        title=f"{survey.title}: you said, we did",
        survey=survey,
        actions=actions_service.actions_for(db.session, survey),
        can_write=_can_write(),
        subject_label=lambda a: labels.get(
            f"theme:{a.theme_id}" if a.theme_id else f"question:{a.question_key}", "Removed theme or question"
        ),
        publish_form=PublishForm(),
    )


def _form_page(survey: Survey, form: ActionForm, title: str, **extra: Any) -> ResponseReturnValue:
    return render_template("insights/actions/form.html", title=title, survey=survey, form=form, **extra)


@bp.route("/<survey_key>/actions/new", methods=["GET", "POST"])
def new_action(survey_key: str) -> ResponseReturnValue:
    """Write a draft action."""
    survey = survey_for(db.session, current_user, survey_key)
    if not _can_write():
        abort(403)
    form = ActionForm()
    form.subject.choices = _subject_choices(survey)
    if form.validate_on_submit():
        actions_service.create_action(db.session, survey, _fields(form), user=current_user)
        db.session.commit()
        flash("Action saved as a draft. Publish it when it is ready for staff to read.", "success")
        return redirect(url_for(".actions", survey_key=survey.key), code=303)
    return _form_page(survey, form, "Write an action")


@bp.route("/<survey_key>/actions/<int:action_id>/edit", methods=["GET", "POST"])
def edit_action(survey_key: str, action_id: int) -> ResponseReturnValue:
    """Change an action."""
    survey = survey_for(db.session, current_user, survey_key)
    if not _can_write():
        abort(403)
    action = actions_service.action_in_survey(db.session, survey, action_id) or abort(404)
    form = ActionForm(obj=action)
    form.subject.choices = _subject_choices(survey)
    if not form.is_submitted():
        form.subject.data = (
            f"theme:{action.theme_id}" if action.theme_id else f"question:{action.question_key}"
        )
    if form.validate_on_submit():
        actions_service.update_action(db.session, action, _fields(form), user=current_user)
        db.session.commit()
        flash("Action updated.", "success")
        return redirect(url_for(".actions", survey_key=survey.key), code=303)
    return _form_page(survey, form, "Change an action", action=action)


def _action_to_change(survey_key: str, action_id: int) -> tuple[Survey, Action]:
    """The survey and action a publish/unpublish POST names, after checking scope, role and CSRF."""
    survey = survey_for(db.session, current_user, survey_key)
    if not _can_write():
        abort(403)
    action = actions_service.action_in_survey(db.session, survey, action_id) or abort(404)
    if not PublishForm().validate_on_submit():
        abort(400)
    return survey, action


@bp.post("/<survey_key>/actions/<int:action_id>/publish")
def publish_action(survey_key: str, action_id: int) -> ResponseReturnValue:
    """Publish an action: staff can then read it without signing in."""
    survey, action = _action_to_change(survey_key, action_id)
    actions_service.publish(db.session, action, user=current_user)
    db.session.commit()
    flash("Action published. Staff can read it on the 'you said, we did' page.", "success")
    return redirect(url_for(".actions", survey_key=survey.key), code=303)


@bp.post("/<survey_key>/actions/<int:action_id>/unpublish")
def unpublish_action(survey_key: str, action_id: int) -> ResponseReturnValue:
    """Take a published action back to a draft."""
    survey, action = _action_to_change(survey_key, action_id)
    actions_service.unpublish(db.session, action, user=current_user)
    db.session.commit()
    flash("Action taken back to a draft.", "success")
    return redirect(url_for(".actions", survey_key=survey.key), code=303)
