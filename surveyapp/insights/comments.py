"""The comment explorer: search redacted comments by text, theme, sentiment and wave.

Only comments in groups with at least ``k_text`` comments, in the reader's scope, shown in a shuffled
order with nothing finer than the wave and nothing smaller than the visible group. Administrators may open
a comment's raw text; every such view is audited.
"""

from __future__ import annotations

import hashlib

from flask import abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from surveyapp.extensions import db
from surveyapp.insights import bp
from surveyapp.services import audit
from surveyapp.services import comments as comment_service
from surveyapp.services.access import ADMIN, scope_for, survey_for
from surveyapp.services.aggregates import aggregate_cache
from surveyapp.services.analysis_runs import last_finished_run, latest_run
from surveyapp.services.themes import listed_themes, survey_waves

SENTIMENTS = {"": "Any sentiment", "positive": "Positive", "neutral": "Neutral", "negative": "Negative"}


class ExplorerForm(FlaskForm):
    class Meta:
        csrf = False  # a search (GET) changes nothing

    q = StringField("Words in the comment", widget=GovTextInput(), validators=[Optional(), Length(max=100)])
    theme = SelectField("Theme", widget=GovSelect(), validators=[Optional()], choices={})
    sentiment = SelectField("Sentiment", widget=GovSelect(), validators=[Optional()], choices=SENTIMENTS)
    wave = SelectField("Wave", widget=GovSelect(), validators=[Optional()], choices={})
    search = SubmitField("Search", widget=GovSubmitInput())


@bp.get("/<survey_key>/comments")
def comments(survey_key: str) -> ResponseReturnValue:
    """Search the survey's comments (redacted), a page of 20 at a time."""
    survey = survey_for(db.session, current_user, survey_key)
    form = ExplorerForm(request.args)
    form.theme.choices = {
        "": "Any theme",
        **{str(t.id): t.display_label for t in listed_themes(db.session, survey)},
    }
    form.wave.choices = {
        "": "Any wave",
        **{str(w.number): f"Wave {w.number}" for w in survey_waves(db.session, survey)},
    }
    valid = form.validate() if request.args else True
    salt = hashlib.sha256(
        f"{current_app.config['SECRET_KEY']}:{current_user.id}:{survey.id}".encode()
    ).hexdigest()
    scope = scope_for(db.session, current_user)
    result = comment_service.explore(
        db.session,
        survey,
        salt=salt,
        text=(form.q.data or "").strip() or None if valid else None,
        # Optional() lets a blank-looking value ("\n") through without the choice check: treat it as blank.
        theme_id=int(form.theme.data) if valid and (form.theme.data or "").strip() else None,
        sentiment=(form.sentiment.data or None) if valid else None,
        wave_number=int(form.wave.data) if valid and (form.wave.data or "").strip() else None,
        unit_ids=scope.unit_ids,
        page=request.args.get("page", 1, type=int) or 1,
        cache=aggregate_cache(current_app),
    )
    filters = {k: v for k, v in request.args.items() if k not in ("page", "search") and v}

    def page_url(number: int) -> str:
        return url_for("insights.comments", survey_key=survey.key, **filters, page=number)

    return render_template(
        "insights/comments/index.html",
        title=f"Comments – {survey.title}",
        survey=survey,
        form=form if request.args and not valid else None,
        filter_form=form,
        result=result,
        page_url=page_url,
        is_admin=current_user.role == ADMIN,
        control=comment_service.control_for(survey),
        run=latest_run(db.session, survey),
        last_done=last_finished_run(db.session, survey),
    )


@bp.get("/<survey_key>/comments/<int:comment_id>/raw")
def raw_comment(survey_key: str, comment_id: int) -> ResponseReturnValue:
    """The comment as written, for administrators only; each view is audited."""
    if current_user.role != ADMIN:
        abort(403)
    survey = survey_for(db.session, current_user, survey_key)
    comment = comment_service.comment_in_survey(db.session, survey, comment_id)
    if comment is None:
        abort(404)
    audit.record(
        db.session, "comment.view_raw", user=current_user, target_type="comment", target_id=comment.id
    )
    db.session.commit()
    return render_template(
        "insights/comments/raw.html",
        title=f"Comment as written – {survey.title}",
        survey=survey,
        comment=comment,
    )
