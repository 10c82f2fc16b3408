"""Staff and partners side by side: what each group says about the topics both surveys cover."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.insights import bp
from surveyapp.services.access import scope_for, survey_for, surveys_in_scope
from surveyapp.services.aggregates import aggregate_cache
from surveyapp.services.dashboard import build_dashboard, comparable_surveys, side_by_side


@bp.get("/<survey_key>/compare")
def compare(survey_key: str) -> ResponseReturnValue:
    """This survey beside one asking the other audience (``?with=<key>``; the first such by default)."""
    survey = survey_for(db.session, current_user, survey_key)
    others = comparable_surveys(survey, surveys_in_scope(db.session, current_user))
    chosen = request.args.get("with")
    other = next((s for s in others if s.key == chosen), None) if chosen else (others[0] if others else None)
    if chosen and other is None:
        abort(404)
    view = None
    if other is not None:
        scope = scope_for(db.session, current_user)
        cache = aggregate_cache(current_app)
        view = side_by_side(
            build_dashboard(db.session, survey, scope, cache),
            build_dashboard(db.session, other, scope, cache),
        )
    return render_template(
        "insights/compare/show.html",
        title=f"{survey.title}: side by side",
        survey=survey,
        other=other,
        others=others,
        view=view,
    )
