"""After a wave closes, nothing in PostgreSQL's row bookkeeping pairs an invitation with its response."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text

from surveyapp import jobs
from surveyapp.extensions import db
from surveyapp.models import Survey, Wave
from surveyapp.services.responses import submit
from surveyapp.services.write_order import forget_write_order
from tests.factories import make_user, sign_in_as
from tests.surveyapp.admin.helpers import post_form
from tests.surveyapp.services.test_background_jobs import REDIS_TEST_URL, _redis_reason
from tests.surveyapp.services.test_responses import _app_session, _staff_wave, _submission


def _bookkeeping(session: Any) -> tuple[list[str], list[str], list[str]]:
    """Writer ids of used invitations and of responses, and response ids in physical (ctid) order."""
    used = session.execute(text("SELECT xmin::text FROM invitation WHERE used")).scalars().all()
    written = session.execute(text("SELECT xmin::text FROM response")).scalars().all()
    physical = session.execute(text("SELECT id FROM response ORDER BY ctid")).scalars().all()
    return used, written, physical


def test_closing_rewrites_writer_ids_and_row_order(pg_app: Any) -> None:
    with _app_session(pg_app) as session:
        wave_id, unit_id, links = _staff_wave(session, 6)
        for invitation_id, _token in links:
            submit(session, _submission(wave_id, unit_id, invitation_id))
        session.commit()
        used, written, physical = _bookkeeping(session)
        session.rollback()
        # What the rewrite is for: each invitation shares its writer id with exactly one response.
        assert len(set(written)) == 6 and set(used) == set(written)
        assert forget_write_order(db.engine)
        used, written, physical = _bookkeeping(session)
        assert len(set(used) | set(written)) == 1  # every row now carries the one rewrite's id
        assert physical == sorted(physical)  # rows sit in the order of their random ids, not of arrival


def test_sqlite_has_nothing_to_rewrite(app: Any) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the suite is running on PostgreSQL; the test above covers it")
    assert forget_write_order(db.engine) is False


def _answered_wave(session: Any, n: int = 4) -> int:
    wave_id, unit_id, links = _staff_wave(session, n)
    for invitation_id, _token in links:
        submit(session, _submission(wave_id, unit_id, invitation_id))
    session.commit()
    return wave_id


def _rewritten(session: Any) -> bool:
    session.rollback()
    used, written, _physical = _bookkeeping(session)
    return len(set(used) | set(written)) == 1


def test_an_admin_closing_a_wave_gets_the_rewrite_done_in_the_background(pg_app: Any) -> None:
    client = pg_app.test_client()
    with _app_session(pg_app) as session:
        wave_id = _answered_wave(session)
        wave = session.get(Wave, wave_id)
        key, number = session.get(Survey, wave.survey_id).key, wave.number
        sign_in_as(client, make_user(session, role="admin"))
        session.commit()
        assert not _rewritten(session)
        path = f"/admin/surveys/{key}/waves/{number}/close"
        assert post_form(client, path, {}).status_code == 302
        jobs.wait_for_threads(60)  # no Redis here: the rewrite ran on a thread, not in the request
        assert _rewritten(session)


def test_with_redis_the_rewrite_is_a_job_for_the_worker(
    pg_app: Any, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    reason = _redis_reason()
    if reason:
        pytest.skip(reason)
    from rq import SimpleWorker

    pg_app.config.update(REDIS_URL=REDIS_TEST_URL, RQ_QUEUE=f"heard-test-{uuid.uuid4().hex}")
    monkeypatch.setenv("DATABASE_URL", postgres_url)  # the worker builds its own app, as `heard worker` does
    monkeypatch.setenv("SECRET_KEY", "test-secret-key")
    queue = jobs.queue_for(pg_app)
    try:
        with _app_session(pg_app) as session:
            _answered_wave(session)
            assert jobs.forget_write_order_soon(pg_app) == "heard-write-order"
            assert jobs.forget_write_order_soon(pg_app) == "heard-write-order"  # one pending job serves both
            assert queue.count == 1 and not _rewritten(session)
            session.remove()  # the worker's app rebinds the shared session factory; let go of ours first
            SimpleWorker([queue], connection=queue.connection).work(burst=True)
            assert _rewritten(session)
    finally:
        queue.delete(delete_jobs=True)


def test_on_sqlite_nothing_is_started(app: Any) -> None:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the suite is running on PostgreSQL")
    assert jobs.forget_write_order_soon(app) is None
