"""Views for people answering a survey. They never sign in and nothing identifies them."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from surveyapp.extensions import db
from surveyapp.services.invitations import LinkProblem, resolve_link
from surveyapp.services.questionnaires import from_definition

bp = Blueprint("respond", __name__)

# Unknown links and waves not yet open are "not found"; used links and closed waves are "gone".
_PROBLEM_STATUS = {"unknown": 404, "not_open": 404, "used": 410, "closed": 410}
_PROBLEM_TITLES = {
    "unknown": "This survey link does not work",
    "not_open": "This survey is not open yet",
    "used": "This survey link has already been used",
    "closed": "This survey has closed",
}


@bp.get("/")
def about() -> ResponseReturnValue:
    """A short page saying what Heard is, for anyone who arrives without a link."""
    return render_template("respond/about.html", title="Have your say")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    """The privacy notice respondents are pointed to."""
    return render_template("respond/privacy.html", title="Privacy notice")


@bp.get("/s/<token_or_slug>")
def survey(token_or_slug: str) -> ResponseReturnValue:
    """The survey a link leads to, or a kind page saying why it cannot be answered."""
    try:
        target = resolve_link(db.session, token_or_slug)
    except LinkProblem as problem:
        return (
            render_template(
                "respond/link_problem.html",
                title=_PROBLEM_TITLES[problem.reason],
                reason=problem.reason,
                survey=problem.survey,
                wave=problem.wave,
            ),
            _PROBLEM_STATUS[problem.reason],
        )
    questionnaire = from_definition(target.wave.questionnaire.definition)
    return render_template(
        "respond/questions.html",
        title=target.survey.title,
        target=target,
        questionnaire=questionnaire,
    )
