"""The public 'you said, we did' page: published actions for a survey, readable without signing in."""

from __future__ import annotations

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.respond.views import bp
from surveyapp.services.actions import published_actions


@bp.get("/you-said-we-did/<survey_key>")
def you_said_we_did(survey_key: str) -> ResponseReturnValue:
    """What leaders did about what staff said, newest first. Only published actions; drafts never show."""
    survey = db.session.scalar(select(Survey).where(Survey.key == survey_key)) or abort(404)
    return render_template(
        "respond/you_said_we_did.html",
        title=f"You said, we did: {survey.title}",
        survey=survey,
        actions=published_actions(db.session, survey),
    )


@bp.app_template_global("published_actions_for")
def published_actions_for(survey: Survey, limit: int = 1) -> list[object]:
    """For respondent pages (the start of a wave): the latest published actions of ``survey``."""
    return list(published_actions(db.session, survey, limit=limit))
