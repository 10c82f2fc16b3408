"""After a wave closes, nothing in PostgreSQL's row bookkeeping pairs an invitation with its response."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from surveyapp.extensions import db
from surveyapp.services.responses import submit
from surveyapp.services.write_order import forget_write_order
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
