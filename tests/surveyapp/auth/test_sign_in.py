"""Signing in: redirects from protected pages, audited successes and failures, and the rate limits."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from surveyapp import create_app
from surveyapp.models import AuditEvent
from tests.factories import DEFAULT_PASSWORD, csrf_token, enrol_mfa, make_user, totp_code
from tests.pages import check_page


def _sign_in(client: Any, email: str, password: str, *, next_path: str = "", **kwargs: Any) -> Any:
    path = "/sign-in" + (f"?next={next_path}" if next_path else "")
    token = csrf_token(client, "/sign-in")
    return client.post(path, data={"csrf_token": token, "email": email, "password": password}, **kwargs)


def _enter_code(client: Any, code: str) -> Any:
    token = csrf_token(client, "/sign-in/verify")
    return client.post("/sign-in/verify", data={"csrf_token": token, "code": code})


def _events(session: Any, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_page_that_needs_sign_in_leads_to_the_sign_in_page(client: Any) -> None:
    response = client.get("/insights")
    assert response.status_code == 302
    assert response.location == "/sign-in?next=%2Finsights"
    page = check_page(client.get(response.location).data)
    assert page.h1.get_text(strip=True) == "Sign in"
    assert "Sign in to see that page." in page.get_text()
    form = page.find("form", attrs={"method": "post"})
    assert form["action"] == "/sign-in?next=/insights"
    assert page.find("input", attrs={"name": "email", "autocomplete": "username", "type": "email"})
    assert page.find("input", attrs={"name": "password", "autocomplete": "current-password"})


def test_signing_in_returns_to_the_page_asked_for_and_is_audited(client: Any, session: Any) -> None:
    leader = make_user(session, role="leader", email="lee@council.test")
    enrol_mfa(session, leader)
    session.commit()
    response = _sign_in(client, "Lee@Council.test ", DEFAULT_PASSWORD, next_path="/insights")
    assert response.status_code == 302 and response.location == "/sign-in/verify"
    assert _events(session, "auth.sign_in") == []  # not signed in until the code is confirmed
    response = _enter_code(client, totp_code())
    assert response.status_code == 302 and response.location == "/insights"
    assert client.get("/insights").status_code == 200
    [event] = _events(session, "auth.sign_in")
    assert event.user_id == leader.id
    session.refresh(leader)
    assert leader.last_signed_in_at is not None


def test_administrators_land_on_the_dashboard(client: Any, session: Any) -> None:
    enrol_mfa(session, make_user(session, role="admin", email="ada@council.test"))
    session.commit()
    assert _sign_in(client, "ada@council.test", DEFAULT_PASSWORD).location == "/sign-in/verify"
    response = _enter_code(client, totp_code())
    assert response.location == "/admin/"
    assert check_page(client.get("/admin/").data).h1.get_text(strip=True) == "Dashboard"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/path", "/\\evil.example"])
def test_next_never_leads_to_another_site(client: Any, session: Any, target: str) -> None:
    make_user(session, role="analyst", email="ann@council.test")
    session.commit()
    response = _sign_in(client, "ann@council.test", DEFAULT_PASSWORD, next_path=target)
    assert response.location == "/insights"


def test_a_wrong_password_is_refused_and_audited_without_the_password(client: Any, session: Any) -> None:
    user = make_user(session, role="leader", email="lee@council.test")
    session.commit()
    response = _sign_in(client, "lee@council.test", "not-my-password-at-all")
    assert response.status_code == 200
    page = check_page(response.data)
    assert page.title.get_text().startswith("Error: ")
    summary = page.find(class_="govuk-error-summary")
    assert "Enter a correct email address and password" in summary.get_text()
    assert summary.find("a")["href"] == "#email"
    [event] = _events(session, "auth.sign_in_failed")
    assert event.user_id == user.id
    assert "not-my-password-at-all" not in str(event.detail)
    assert client.get("/insights").status_code == 302  # still signed out


def test_an_unknown_address_is_refused_and_the_address_is_not_kept(client: Any, session: Any) -> None:
    response = _sign_in(client, "nobody@council.test", "whatever-they-typed")
    assert response.status_code == 200
    [event] = _events(session, "auth.sign_in_failed")
    assert event.user_id is None
    assert "nobody@council.test" not in str(event.detail) and "whatever" not in str(event.detail)


def test_a_disabled_account_cannot_sign_in(client: Any, session: Any) -> None:
    user = make_user(session, role="leader", email="gone@council.test")
    user.active = False
    session.commit()
    assert _sign_in(client, "gone@council.test", DEFAULT_PASSWORD).status_code == 200
    assert client.get("/insights").status_code == 302


def test_empty_fields_get_gov_uk_errors(client: Any) -> None:
    token = csrf_token(client, "/sign-in")
    page = check_page(client.post("/sign-in", data={"csrf_token": token, "email": "", "password": ""}).data)
    links = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    assert links == ["Enter your email address", "Enter your password"]


def test_the_eleventh_failed_sign_in_from_one_address_is_throttled(client: Any, session: Any) -> None:
    make_user(session, role="leader", email="lee@council.test")
    session.commit()
    for attempt in range(10):  # a different account each time, so only the per-address limit applies
        assert _sign_in(client, f"guess{attempt}@council.test", "wrong password").status_code == 200
    throttled = _sign_in(client, "lee@council.test", DEFAULT_PASSWORD)
    assert throttled.status_code == 429
    page = check_page(throttled.data)
    assert page.h1.get_text(strip=True) == "Too many attempts"
    assert "Wait a few minutes" in page.get_text()
    other_address = _sign_in(
        client, "lee@council.test", DEFAULT_PASSWORD, environ_base={"REMOTE_ADDR": "192.0.2.7"}
    )
    assert other_address.status_code == 302


def test_the_eleventh_failed_sign_in_to_one_account_is_throttled_from_any_address(
    client: Any, session: Any
) -> None:
    make_user(session, role="leader", email="lee@council.test")
    make_user(session, role="leader", email="kim@council.test")
    session.commit()
    for attempt in range(10):
        address = {"REMOTE_ADDR": f"198.51.100.{attempt + 1}"}
        assert _sign_in(client, "lee@council.test", "wrong", environ_base=address).status_code == 200
    fresh_address = {"REMOTE_ADDR": "203.0.113.9"}
    assert (
        _sign_in(client, "lee@council.test", DEFAULT_PASSWORD, environ_base=fresh_address).status_code == 429
    )
    assert (
        _sign_in(client, "kim@council.test", DEFAULT_PASSWORD, environ_base=fresh_address).status_code == 302
    )


def test_successful_sign_ins_do_not_count_towards_the_limit(client: Any, session: Any) -> None:
    make_user(session, role="leader", email="lee@council.test")
    session.commit()
    for _ in range(11):
        assert _sign_in(client, "lee@council.test", DEFAULT_PASSWORD).status_code == 302
        client.get("/sign-out")
    assert _sign_in(client, "lee@council.test", "wrong").status_code == 200


def test_session_cookie_is_http_only_lax_and_expires(client: Any, session: Any) -> None:
    make_user(session, role="analyst", email="lee@council.test")  # signed in by the password alone
    session.commit()
    response = _sign_in(client, "lee@council.test", DEFAULT_PASSWORD)
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_when_served_over_https(database_url: str) -> None:
    app: Flask = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "k", "SESSION_COOKIE_SECURE": True}
    )
    response = app.test_client().get("/sign-in")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "; Secure" in cookie and "HttpOnly" in cookie
