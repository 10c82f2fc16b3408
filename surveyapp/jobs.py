"""Running the analysis as a job: on RQ when ``REDIS_URL`` is set, otherwise in-process.

In-process (the embedded default) the run happens on a background thread with its own database session,
so a web request that asked for it returns at once (the thread is not a daemon: a command that closed
a wave waits for its analysis before exiting). ``heard analyse`` runs it in the foreground instead.
Either way the request that asks only adds a queued ``AnalysisRun`` row; pages read stored results.

``ANALYSIS_ON_WAVE_CLOSE`` (default: on, except under ``TESTING``) decides whether closing a wave queues
a run; the run starts once the close has been committed, so it sees the closed wave.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from surveyapp.models import Survey, Wave
from surveyapp.models.insights import AnalysisRun
from surveyapp.services.analysis_runs import queue_run, run_analysis

QUEUE_NAME = "heard-analysis"
JOB_TIMEOUT = 60 * 60

_threads: list[threading.Thread] = []


def _session_for(app: Flask) -> Session:
    engine = app.extensions["heard_db"].engine
    return sessionmaker(bind=engine, expire_on_commit=False)()


def execute_run(run_id: int, app: Flask | None = None) -> None:
    """Carry out queued run ``run_id`` (the job function, on a worker or a thread)."""
    if app is None:
        from surveyapp import create_app

        app = create_app()
    with app.app_context():
        session = _session_for(app)
        try:
            run = session.get(AnalysisRun, run_id)
            if run is None or run.status not in ("queued",):
                return
            survey = session.get(Survey, run.survey_id)
            if survey is None:
                return
            run_analysis(session, survey, run)
        finally:
            session.close()


def redis_queue(url: str) -> Any:
    """The RQ queue analysis jobs go on."""
    from redis import Redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=Redis.from_url(url), default_timeout=JOB_TIMEOUT)


def enqueue_analysis(
    app: Flask, survey_id: int, *, wave_id: int | None = None, user_id: int | None = None
) -> int:
    """Queue an analysis of survey ``survey_id`` and start it (on RQ, or on a thread); returns the run id."""
    session = _session_for(app)
    try:
        survey = session.get(Survey, survey_id)
        if survey is None:
            raise ValueError(f"no survey {survey_id}")
        wave = session.get(Wave, wave_id) if wave_id else None
        run = queue_run(session, survey, wave=wave, user_id=user_id)
        session.commit()
        run_id = run.id
        if app.config.get("REDIS_URL"):
            job = redis_queue(app.config["REDIS_URL"]).enqueue("surveyapp.jobs.execute_run", run_id)
            run.job_id = job.id
        else:
            thread = threading.Thread(
                target=execute_run, args=(run_id, app), name=f"heard-analysis-{run_id}", daemon=False
            )
            run.job_id = thread.name
            _threads.append(thread)
            thread.start()
        session.commit()
        return run_id
    finally:
        session.close()


def wait_for_threads(timeout: float | None = None) -> None:
    """Wait for in-process runs started here (tests, and the CLI before it exits)."""
    while _threads:
        _threads.pop().join(timeout)


def analyse_after_commit(
    session: Session, survey: Survey, wave: Wave | None = None, user_id: int | None = None
) -> None:
    """Queue an analysis of ``survey`` once ``session`` commits (so the job sees what was committed)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config.get("ANALYSIS_ON_WAVE_CLOSE", not app.testing):
        return
    survey_id, wave_id = survey.id, wave.id if wave else None

    def _start(_session: Session) -> None:
        enqueue_analysis(app, survey_id, wave_id=wave_id, user_id=user_id)

    # Listen on this Session instance only: a scoped_session target would catch every session's commit.
    target = session() if isinstance(session, scoped_session) else session
    event.listen(target, "after_commit", _start, once=True)
