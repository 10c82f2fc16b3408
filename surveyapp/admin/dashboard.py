"""The administrator's home page: open and scheduled waves at a glance, and where everything else is."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from surveyapp.admin import bp
from surveyapp.extensions import db
from surveyapp.models import Survey, Wave
from surveyapp.services.progress import wave_progress


@bp.get("/")
def dashboard() -> ResponseReturnValue:
    """Open waves with their response rates (threshold applied), and waves waiting to open."""
    open_waves = list(
        db.session.scalars(select(Wave).join(Survey).where(Wave.status == "open").order_by(Survey.title))
    )
    scheduled = list(
        db.session.scalars(select(Wave).join(Survey).where(Wave.status == "draft").order_by(Wave.opens_on))
    )
    survey_count = len(db.session.scalars(select(Survey.id)).all())
    return render_template(
        "admin/dashboard.html",
        title="Dashboard",
        open_waves=[(wave, wave_progress(db.session, wave)) for wave in open_waves],
        scheduled=scheduled,
        survey_count=survey_count,
    )
