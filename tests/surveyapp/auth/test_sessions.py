"""Sessions end: on sign-out, after too long, when idle, and when the account changes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.auth.sessions import SEEN, STARTED
from surveyapp.models import AuditEvent
from tests.factories import make_user, sign_in_as
from tests.pages import check_page


@pytest.fixture
def leader_client(client: Any, session: Any) -> Any:
    user = make_user(session, role="leader")
    session.commit()
    sign_in_as(client, user)
    assert client.get("/insights").status_code == 200
    return client, user


def _signed_out_with(client: Any, message: str) -> None:
    response = client.get("/insights")
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    assert message in check_page(client.get(response.location).data).get_text()


def test_signing_out_ends_the_session_and_is_audited(leader_client: Any, session: Any) -> None:
    client, user = leader_client
    response = client.get("/sign-out")
    assert response.status_code == 302 and response.location == "/sign-in"
    assert "You have signed out." in check_page(client.get("/sign-in").data).get_text()
    assert client.get("/insights").status_code == 302
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == user.id)).all()
    assert "auth.sign_out" in actions


def test_an_idle_session_ends(leader_client: Any, app: Any) -> None:
    client, _user = leader_client
    with client.session_transaction() as store:
        store[SEEN] = time.time() - app.config["SESSION_IDLE_MINUTES"] * 60 - 5
    _signed_out_with(client, "had not used Heard for a while")


def test_each_request_keeps_a_session_alive(leader_client: Any, app: Any) -> None:
    client, _user = leader_client
    idle = app.config["SESSION_IDLE_MINUTES"] * 60
    with client.session_transaction() as store:
        store[SEEN] = time.time() - idle + 60  # a minute before it would end
    assert client.get("/insights").status_code == 200
    with client.session_transaction() as store:
        assert time.time() - store[SEEN] < 60


def test_a_session_ends_after_its_lifetime_however_busy(leader_client: Any, app: Any) -> None:
    client, _user = leader_client
    with client.session_transaction() as store:
        store[STARTED] = time.time() - app.permanent_session_lifetime.total_seconds() - 5
    _signed_out_with(client, "signed in for a long time")


def test_disabling_an_account_ends_its_sessions(leader_client: Any, session: Any) -> None:
    client, user = leader_client
    user.active = False
    session.commit()
    _signed_out_with(client, "your account was changed")


def test_setting_a_new_password_ends_other_sessions(leader_client: Any, session: Any) -> None:
    client, user = leader_client
    user.session_version += 1
    session.commit()
    _signed_out_with(client, "your account was changed")


def test_a_deleted_account_is_signed_out(leader_client: Any, session: Any) -> None:
    client, user = leader_client
    session.delete(user)
    session.commit()
    assert client.get("/insights").status_code == 302
