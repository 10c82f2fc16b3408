"""Security headers on every response: a strict CSP with a per-request nonce, no framing, no referrer,
HSTS only over HTTPS (through a proxy only when told one is there), and no caching of private pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from surveyapp import create_app
from tests.factories import (
    RequestIsolatingClient,
    make_invitation,
    make_open_link,
    make_survey,
    make_unit,
    make_user,
    make_wave,
    sign_in_as,
)


@pytest.fixture
def pages(session: Any) -> dict[str, str]:
    unit = make_unit(session, key="mash")
    survey = make_survey(session, key="staff-pulse", audience=[unit])
    wave = make_wave(session, survey)
    make_open_link(session, survey, slug="team-event", unit=unit)
    _invitation, token = make_invitation(session, wave, unit)
    session.commit()
    return {
        "about": "/",
        "privacy": "/privacy",
        "start": f"/s/{token}",
        "questions": f"/s/{token}/questions",
        "open link": "/s/team-event/questions",
        "sign in": "/sign-in",
        "insights": "/insights/staff-pulse",
        "admin": "/admin/",
        "admin users": "/admin/users",
        "missing": "/no-such-page",
    }


def _directives(response: Any) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_every_page_carries_the_headers_and_no_inline_style_or_script(
    app: Flask, session: Any, pages: dict[str, str]
) -> None:
    app.test_client_class = RequestIsolatingClient  # signing in between requests must take effect
    client = app.test_client()
    responses = {"sign in": client.get(pages["sign in"])}  # before signing in, while it shows its form
    sign_in_as(client, make_user(session, role="admin"))
    session.commit()
    responses.update({name: client.get(path) for name, path in pages.items() if name != "sign in"})
    for name, response in responses.items():
        assert response.status_code in (200, 404), (name, response.status_code)
        headers = response.headers
        csp = _directives(response)
        assert csp["default-src"] == "'self'"
        assert csp["style-src"] == "'self'", "no 'unsafe-inline' styles"
        nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9_-]{24})'", csp["script-src"])
        assert nonce, csp["script-src"]
        for directive, value in {
            "img-src": "'self' data:",
            "object-src": "'none'",
            "base-uri": "'none'",
            "form-action": "'self'",
            "frame-ancestors": "'none'",
        }.items():
            assert csp[directive] == value, (name, directive)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # plain HTTP
        html = BeautifulSoup(response.data, "html.parser")
        assert html.find("style") is None and html.find(attrs={"style": True}) is None, name
        for script in html.find_all("script"):
            assert script.get("src") or script.get("nonce") == nonce.group(1), (name, str(script)[:80])
        inline = [s for s in html.find_all("script") if not s.get("src")]
        assert inline and "js-enabled" in inline[0].string, name  # GOV.UK's template script, with the nonce


def test_the_nonce_changes_with_every_response(client: Any) -> None:
    first, second = (_directives(client.get("/"))["script-src"] for _ in range(2))
    assert first != second


@pytest.mark.parametrize(
    ("name", "cached"),
    [
        ("about", True),
        ("privacy", True),
        ("start", False),
        ("questions", False),
        ("open link", False),
        ("sign in", False),
        ("insights", False),
        ("admin", False),
        ("admin users", False),
    ],
)
def test_private_pages_are_never_stored(
    client: Any, session: Any, pages: dict[str, str], name: str, cached: bool
) -> None:
    sign_in_as(client, make_user(session, role="admin"))
    response = client.get(pages[name])
    assert (response.headers.get("Cache-Control") == "no-store") is not cached, name


def test_sign_in_redirects_and_the_api_are_never_stored(client: Any) -> None:
    assert client.get("/insights").headers["Cache-Control"] == "no-store"  # the redirect to sign in
    assert client.get("/api/v1/no-such-thing").headers["Cache-Control"] == "no-store"
    assert client.get("/sign-out").headers["Cache-Control"] == "no-store"


def test_static_files_keep_caching_and_get_the_headers(client: Any) -> None:
    response = client.get("/static/images/favicon.svg")
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_hsts_only_over_https(client: Any) -> None:
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://heard.test")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_forwarded_https_is_believed_only_behind_a_configured_proxy(app: Flask, database_url: str) -> None:
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert "Strict-Transport-Security" not in app.test_client().get("/", headers=forwarded).headers
    proxied = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "k", "TESTING": True, "TRUST_PROXY": 1}
    )
    response = proxied.test_client().get("/", headers=forwarded)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_error_pages_get_the_headers(client: Any) -> None:
    response = client.get("/s/not-a-real-token")
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
