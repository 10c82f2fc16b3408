"""Theme pages: what staff are saying, over waves, with safe quotes; curation for leaders and admins.

Everyone who reads insights may read themes within their scope; renaming, merging, hiding and
confirming are for leaders and administrators (``CURATOR_ROLES``), since they change what the board sees.
Pages read stored results only: clustering happens in the analysis job, never in a request.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from surveyapp.extensions import db
from surveyapp.insights import bp
from surveyapp.models import Survey, Theme
from surveyapp.services import themes as theme_service
from surveyapp.services.access import scope_for, survey_for
from surveyapp.services.aggregates import aggregate_cache
from surveyapp.services.analysis_runs import last_finished_run, latest_run
from surveyapp.services.comments import control_for


class RenameForm(FlaskForm):
    label = StringField(
        "New name",
        widget=GovTextInput(),
        validators=[
            InputRequired("Enter a name for the theme"),
            Length(max=200, message="Use 200 characters or fewer"),
        ],
    )
    rename_submit = SubmitField("Rename theme", widget=GovSubmitInput())


class MergeForm(FlaskForm):
    into = SelectField(
        "Merge into", widget=GovSelect(), validators=[InputRequired("Choose a theme")], choices=[]
    )
    merge_submit = SubmitField("Merge themes", widget=GovSubmitInput())


class HideForm(FlaskForm):
    hide_submit = SubmitField("Hide theme", widget=GovSubmitInput())


class ConfirmThemeForm(FlaskForm):
    confirm_submit = SubmitField("Confirm theme", widget=GovSubmitInput())


class AnalyseAgainForm(FlaskForm):
    analyse_submit = SubmitField("Analyse the comments again", widget=GovSubmitInput())


def _status(survey: Survey) -> dict[str, object]:
    return {"run": latest_run(db.session, survey), "last_done": last_finished_run(db.session, survey)}


@bp.get("/<survey_key>/themes")
def themes(survey_key: str) -> ResponseReturnValue:
    """Every theme of the survey with its latest figures."""
    survey = survey_for(db.session, current_user, survey_key)
    listed = theme_service.listed_themes(db.session, survey)
    wave = theme_service.reported_wave(survey)
    figures = {
        t.id: theme_service.figure_in(theme_service.wave_figures(db.session, survey, t), wave) for t in listed
    }
    listed = theme_service.by_count_in_wave(listed, figures)
    return render_template(
        "insights/themes/index.html",
        title=f"Themes – {survey.title}",
        survey=survey,
        themes=listed,
        wave=wave,
        figures=figures,
        curated_away=theme_service.hidden_or_merged(db.session, survey)
        if theme_service.can_curate(current_user)
        else [],
        can_curate=theme_service.can_curate(current_user),
        analyse_form=AnalyseAgainForm(),
        control=control_for(survey),
        **_status(survey),
    )


@bp.post("/<survey_key>/themes/analyse")
def analyse_again(survey_key: str) -> ResponseReturnValue:
    """Queue a fresh analysis of the survey's comments (leaders and admins); curation carries over."""
    from surveyapp.jobs import enqueue_analysis
    from surveyapp.services.audit import record

    survey = survey_for(db.session, current_user, survey_key)
    if not theme_service.can_curate(current_user):
        abort(403)
    if not AnalyseAgainForm().validate_on_submit():
        abort(400)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    run_id = enqueue_analysis(app, survey.id, user_id=current_user.id)
    record(
        db.session,
        "analysis.requested",
        user=current_user,
        target_type="survey",
        target_id=survey.id,
        run=run_id,
    )
    db.session.commit()
    flash(
        "The comments are being analysed again; this page shows how far it has got. Names, merges and "
        "hidden themes carry over.",
        "success",
    )
    return redirect(url_for("insights.themes", survey_key=survey.key))


def _theme_or_404(survey: Survey, theme_id: int) -> Theme:
    theme = theme_service.theme_in_survey(db.session, survey, theme_id)
    if theme is None:
        abort(404)
    return theme


def _forms(survey: Survey, theme: Theme) -> dict[str, FlaskForm]:
    merge = MergeForm()
    merge.into.choices = [("", "Choose a theme")] + [
        (str(t.id), t.display_label)
        for t in theme_service.listed_themes(db.session, survey)
        if t.id != theme.id
    ]
    return {
        "rename_form": RenameForm(),
        "merge_form": merge,
        "hide_form": HideForm(),
        "confirm_form": ConfirmThemeForm(),
    }


def _render_theme(
    survey: Survey, theme: Theme, forms: dict[str, FlaskForm], failed: FlaskForm | None = None
) -> str:
    if theme.state == "merged" and theme.merged_into_id and not theme_service.can_curate(current_user):
        abort(404)
    if theme.state == "hidden" and not theme_service.can_curate(current_user):
        abort(404)
    return render_template(
        "insights/themes/show.html",
        title=f"{theme.display_label} – {survey.title}",
        survey=survey,
        theme=theme,
        merged_into=db.session.get(Theme, theme.merged_into_id) if theme.merged_into_id else None,
        figures=theme_service.wave_figures(db.session, survey, theme),
        quotes=theme_service.quotes(
            db.session,
            survey,
            theme,
            unit_ids=scope_for(db.session, current_user).unit_ids,
            cache=aggregate_cache(current_app),
        )
        if theme.state != "merged"
        else [],
        areas=theme_service.concentration(
            db.session, survey, theme, unit_ids=scope_for(db.session, current_user).unit_ids
        ),
        actions=theme_service.linked_actions(db.session, theme),
        can_curate=theme_service.can_curate(current_user),
        control=control_for(survey),
        form=failed,
        **forms,
        **_status(survey),
    )


@bp.get("/<survey_key>/themes/<int:theme_id>")
def theme(survey_key: str, theme_id: int) -> ResponseReturnValue:
    """One theme: label, keywords, figures over waves, quotes, where it comes from and linked actions."""
    survey = survey_for(db.session, current_user, survey_key)
    found = _theme_or_404(survey, theme_id)
    return _render_theme(survey, found, _forms(survey, found))


@bp.post("/<survey_key>/themes/<int:theme_id>/<any(rename, merge, hide, confirm):change>")
def curate(survey_key: str, theme_id: int, change: str) -> ResponseReturnValue:
    """Rename, merge, hide or confirm a theme (leaders and admins only); audited."""
    survey = survey_for(db.session, current_user, survey_key)
    if not theme_service.can_curate(current_user):
        abort(403)
    found = _theme_or_404(survey, theme_id)
    forms = _forms(survey, found)
    form = forms[f"{change}_form"]
    if not form.validate_on_submit():
        return _render_theme(survey, found, forms, form), 400
    try:
        if change == "rename":
            theme_service.rename(db.session, found, form.label.data, user=current_user)
            message = f"Theme renamed to {found.display_label}."
        elif change == "merge":
            target = theme_service.theme_in_survey(db.session, survey, int(form.into.data))
            if target is None:
                abort(400)
            theme_service.merge(db.session, found, target, user=current_user)
            message = f"Theme merged into {target.display_label}."
        elif change == "hide":
            theme_service.hide(db.session, found, user=current_user)
            message = "Theme hidden. It no longer appears on any page."
        else:
            theme_service.confirm(db.session, found, user=current_user)
            message = "Theme confirmed."
    except theme_service.CurationError as error:
        db.session.rollback()
        field = {"rename": "label", "merge": "into"}.get(change)
        if field is None:
            flash(str(error), "error")
            return redirect(url_for("insights.theme", survey_key=survey.key, theme_id=found.id))
        form[field].errors = [*form[field].errors, str(error)]
        return _render_theme(survey, found, forms, form), 400
    db.session.commit()
    flash(message, "success")
    if change == "merge":
        return redirect(url_for("insights.theme", survey_key=survey.key, theme_id=found.merged_into_id))
    if change == "hide":
        return redirect(url_for("insights.themes", survey_key=survey.key))
    return redirect(url_for("insights.theme", survey_key=survey.key, theme_id=found.id))
