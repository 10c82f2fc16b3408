"""The insights index and survey pages, limited to the reader's scope."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.insights import bp
from surveyapp.services.access import scope_for, survey_for, surveys_in_scope


@bp.get("")
def index() -> ResponseReturnValue:
    """The surveys the reader may see, with their waves."""
    return render_template(
        "insights/index.html",
        title="Insights",
        surveys=surveys_in_scope(db.session, current_user),
        scope=scope_for(db.session, current_user),
    )


@bp.get("/surveys/<key>")
def survey(key: str) -> ResponseReturnValue:
    """One survey (404 for a survey outside the reader's scope)."""
    found = survey_for(db.session, current_user, key)
    return render_template("insights/survey.html", title=found.title, survey=found)
