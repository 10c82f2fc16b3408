"""Live response rates for a wave: a plain page that works without JavaScript, and the small JSON
document its script polls to update the figures without a reload. Counts only, never who."""

from __future__ import annotations

from flask import current_app, jsonify, render_template
from flask.typing import ResponseReturnValue

from surveyapp.admin import bp
from surveyapp.admin.lookups import survey_or_404, wave_or_404
from surveyapp.extensions import db
from surveyapp.models.base import utcnow
from surveyapp.services.progress import wave_progress


@bp.get("/surveys/<key>/waves/<int:number>/progress")
def progress(key: str, number: int) -> ResponseReturnValue:
    """Responses and response rate per unit, with groups below the threshold shown as "fewer than k"."""
    survey = survey_or_404(key)
    wave = wave_or_404(survey, number)
    return render_template(
        "admin/progress/show.html",
        title=f"Response rates – wave {wave.number} of {survey.title}",
        survey=survey,
        wave=wave,
        progress=wave_progress(db.session, wave),
        updated=utcnow(),
        poll_seconds=current_app.config.get("PROGRESS_POLL_SECONDS", 15),
    )


@bp.get("/surveys/<key>/waves/<int:number>/progress.json")
def progress_json(key: str, number: int) -> ResponseReturnValue:
    """The same figures as the page, as the strings it shows (so suppression is decided only here)."""
    survey = survey_or_404(key)
    wave = wave_or_404(survey, number)
    response = jsonify(
        {**wave_progress(db.session, wave).as_json(), "updated": utcnow().strftime("%H:%M:%S")}
    )
    response.headers["Cache-Control"] = "no-store"
    return response
