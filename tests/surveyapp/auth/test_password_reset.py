"""Setting a password from an administrator's one-time link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from surveyapp.models import AuditEvent, PasswordReset
from surveyapp.services.password_resets import issue_reset
from tests.factories import DEFAULT_PASSWORD, csrf_token, make_user, sign_in_as
from tests.pages import check_page

NEW_PASSWORD = "a brand new passphrase"


def _set(client: Any, token: str, password: str, confirm: str | None = None) -> Any:
    path = f"/reset-password/{token}"
    data = {"csrf_token": csrf_token(client, path), "password": password, "confirm": confirm or password}
    return client.post(path, data=data)


def _sign_in(client: Any, email: str, password: str) -> Any:
    token = csrf_token(client, "/sign-in")
    return client.post("/sign-in", data={"csrf_token": token, "email": email, "password": password})


def test_a_one_time_link_sets_the_password_once(client: Any, session: Any) -> None:
    admin = make_user(session, role="admin")
    user = make_user(session, role="leader", email="lee@council.test")
    token = issue_reset(session, user, actor=admin)
    session.commit()

    page = check_page(client.get(f"/reset-password/{token}").data)
    assert page.h1.get_text(strip=True) == "Set your password"
    assert "lee@council.test" in page.get_text()

    response = _set(client, token, NEW_PASSWORD)
    assert response.status_code == 302 and response.location == "/sign-in"
    assert _sign_in(client, "lee@council.test", DEFAULT_PASSWORD).status_code == 200  # old one gone
    assert _sign_in(client, "lee@council.test", NEW_PASSWORD).status_code == 302

    again = client.get(f"/reset-password/{token}")
    assert again.status_code == 404
    assert check_page(again.data).h1.get_text(strip=True) == "This password link does not work"
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "user.password_link" in actions and "user.password_set" in actions


def test_only_the_hash_of_the_token_is_stored(session: Any) -> None:
    user = make_user(session, role="leader")
    token = issue_reset(session, user, actor=None)
    session.commit()
    stored = session.scalars(select(PasswordReset.token_hash)).all()
    assert len(stored) == 1 and token not in stored[0] and len(stored[0]) == 64


def test_an_expired_link_does_not_work(client: Any, session: Any) -> None:
    user = make_user(session, role="leader")
    token = issue_reset(session, user, actor=None)
    reset = session.scalar(select(PasswordReset))
    reset.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    session.commit()
    assert client.get(f"/reset-password/{token}").status_code == 404


def test_a_newer_link_replaces_an_older_one(client: Any, session: Any) -> None:
    user = make_user(session, role="leader")
    first = issue_reset(session, user, actor=None)
    second = issue_reset(session, user, actor=None)
    session.commit()
    assert client.get(f"/reset-password/{first}").status_code == 404
    assert client.get(f"/reset-password/{second}").status_code == 200


def test_passwords_must_be_long_and_match(client: Any, session: Any) -> None:
    user = make_user(session, role="leader")
    token = issue_reset(session, user, actor=None)
    session.commit()
    short = check_page(_set(client, token, "short").data)
    assert (
        "Password must be between 12 and 200 characters"
        in short.select_one(".govuk-error-summary").get_text()
    )
    mismatch = check_page(_set(client, token, NEW_PASSWORD, "something else entirely").data)
    assert "The passwords do not match" in mismatch.select_one(".govuk-error-summary").get_text()
    assert client.get(f"/reset-password/{token}").status_code == 200  # still usable


def test_setting_a_password_signs_out_other_sessions(app: Any, client: Any, session: Any) -> None:
    user = make_user(session, role="leader")
    token = issue_reset(session, user, actor=None)
    session.commit()
    elsewhere = sign_in_as(app.test_client(), user)
    assert elsewhere.get("/insights").status_code == 200
    _set(client, token, NEW_PASSWORD)
    assert elsewhere.get("/insights").status_code == 302
