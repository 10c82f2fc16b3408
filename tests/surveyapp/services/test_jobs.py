"""Analysis as a job: in-process on a thread by default, on RQ with a real Redis when REDIS_URL is set."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from surveyapp import jobs
from surveyapp.models.insights import AnalysisRun
from surveyapp.services.surveys import close_wave
from tests.factories import add_comments, make_commented_survey, make_wave

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


def _fresh_run(session, run_id):
    session.expire_all()
    return session.get(AnalysisRun, run_id)


def test_in_process_run_happens_on_a_thread(app, session):
    survey = make_commented_survey(session, waves=1)
    session.commit()
    run_id = jobs.enqueue_analysis(app, survey.id)
    jobs.wait_for_threads(timeout=300)
    run = _fresh_run(session, run_id)
    assert run.status == "done" and run.progress == 1.0
    assert run.job_id.startswith("heard-analysis-")


def test_closing_a_wave_queues_its_analysis_after_commit(app, session):
    import random

    app.config["ANALYSIS_ON_WAVE_CLOSE"] = True
    survey = make_commented_survey(session, waves=1)
    wave = make_wave(session, survey, status="open", number=2)
    teams = [team for area in survey.audience[0].children for team in area.children]
    add_comments(session, wave, teams, 12, rng=random.Random(1))
    session.commit()
    close_wave(session, wave)
    assert session.scalar(select(AnalysisRun)) is None  # nothing starts before the close is committed
    session.commit()
    jobs.wait_for_threads(timeout=300)
    session.expire_all()
    run = session.scalar(select(AnalysisRun))
    assert run is not None and run.status == "done" and run.wave_id == wave.id
    assert {w.status for w in survey.waves} == {"analysed"}


def test_closing_a_wave_in_tests_queues_nothing_by_default(app, session):
    survey = make_commented_survey(session, waves=1, comments_per_team=1)
    wave = make_wave(session, survey, status="open", number=2)
    session.commit()
    close_wave(session, wave)
    session.commit()
    jobs.wait_for_threads(timeout=60)
    assert session.scalar(select(AnalysisRun)) is None


def _redis_reason() -> str | None:
    try:
        from redis import Redis

        Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
        return None
    except Exception as error:  # any failure means "no Redis here"; the reason goes in the skip message
        return f"Redis not reachable at {REDIS_TEST_URL}: {type(error).__name__}: {error}"


def test_with_redis_the_run_goes_on_rq_and_a_worker_does_it(app, session, database_url, monkeypatch):
    reason = _redis_reason()
    if reason:
        pytest.skip(reason)
    from rq import SimpleWorker

    app.config.update(REDIS_URL=REDIS_TEST_URL, RQ_QUEUE=f"heard-test-{uuid.uuid4().hex}")
    queue = jobs.queue_for(app)
    survey = make_commented_survey(session, waves=1)
    session.commit()
    run_id = jobs.enqueue_analysis(app, survey.id)
    run = _fresh_run(session, run_id)
    assert run.status == "queued" and run.job_id  # queued, not started in this process
    assert queue.count == 1
    # The worker builds its own app from the environment, as `heard worker` does.
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")
    session.remove()  # the worker's app rebinds the shared session factory; let go of ours first
    SimpleWorker([queue], connection=queue.connection).work(burst=True)
    run = _fresh_run(session, run_id)
    assert run.status == "done", run.message
    assert queue.count == 0
