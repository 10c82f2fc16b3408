"""Published "you said, we did" actions of a survey (drafts stay in the insights pages)."""

from __future__ import annotations

from flask import jsonify
from flask.typing import ResponseReturnValue

from surveyapp.api import bp
from surveyapp.api.common import api_survey, paginate
from surveyapp.extensions import db
from surveyapp.services.actions import published_actions

CURATED_AWAY = ("hidden", "merged")


@bp.get("/surveys/<key>/actions")
def actions(key: str) -> ResponseReturnValue:
    """Published actions, newest first."""
    survey = api_survey(key)
    page, paging = paginate(published_actions(db.session, survey))
    return jsonify(
        {
            "survey": survey.key,
            "items": [
                {
                    "id": action.id,
                    "you_said": action.you_said,
                    "we_did": action.we_did,
                    "owner": action.owner,
                    "due_on": action.due_on.isoformat() if action.due_on else None,
                    "published_on": action.published_on.isoformat() if action.published_on else None,
                    "question_key": action.question_key,
                    # A theme curated away is not named here, as it is not listed anywhere else.
                    "theme": {"id": action.theme.id, "label": action.theme.display_label}
                    if action.theme is not None and action.theme.state not in CURATED_AWAY
                    else None,
                }
                for action in page
            ],
            **paging,
        }
    )
