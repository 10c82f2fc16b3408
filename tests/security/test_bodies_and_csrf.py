"""Oversize and malformed request bodies, and CSRF, on every state-changing route: refused, nothing written.

Routes come from the URL map. Each request is sent as someone allowed to use the route (an admin for
staff pages, nobody for respondents' and sign-in pages), so a refusal is the body's or the token's fault.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from surveyapp.errors import UPLOAD_ENDPOINTS
from tests.pages import check_page
from tests.security.helpers import STATE_CHANGING, build_world, fill, routes, row_counts, signed_in

PUBLIC_PREFIXES = ("respond.", "auth.sign_in", "auth.reset_password")
# Routes that authenticate by a token in a header instead of a session cookie need no CSRF token; the
# API is read-only, so none is state-changing today. Add any such route here, with the reason.
TOKEN_AUTHENTICATED: set[str] = set()


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    return build_world(session)


def _state_changing(app: Flask) -> list[tuple[str, str, str]]:
    return [r for r in routes(app, methods=STATE_CHANGING) if r[0] not in TOKEN_AUTHENTICATED]


def _client_for(app: Flask, world: dict[str, Any], endpoint: str) -> tuple[Any, str]:
    user = None if endpoint.startswith(PUBLIC_PREFIXES) else world["users"]["admin"]
    return signed_in(app, user)


def _check_each(app: Flask, world: dict[str, Any], send: Any, expect: set[int]) -> list[str]:
    """Send ``send(client, token, method, path, endpoint)`` to every state-changing route; list each one
    that answered outside ``expect``, wrote a row, or showed something other than a kind error page."""
    problems = []
    for endpoint, method, rule in _state_changing(app):
        client, token = _client_for(app, world, endpoint)
        path = fill(rule, world["own"])
        before = row_counts()
        response = send(client, token, method, path, endpoint)
        changed = {t for t, n in row_counts().items() if n != before[t]}
        if response.status_code not in expect:
            problems.append(f"{method} {path}: {response.status_code}")
        elif changed:
            problems.append(f"{method} {path}: wrote to {changed}")
        else:
            html = response.get_data(as_text=True)
            page = check_page(html)
            if "Traceback" in html or "Werkzeug" in html or not page.h1:
                problems.append(f"{method} {path}: not a kind error page")
    return problems


def test_a_post_without_a_csrf_token_is_refused_everywhere(app: Flask, world: dict[str, Any]) -> None:
    def send(client: Any, token: str, method: str, path: str, endpoint: str) -> Any:
        return client.open(path, method=method, data={"name": "x", "reason": "x", "label": "x"})

    assert len(_state_changing(app)) >= 25
    assert _check_each(app, world, send, {400}) == []


@pytest.mark.parametrize("wrong", ["not-a-token", "", "IjAwMDAi.aaaa.bbbb", "from another session"])
def test_a_post_with_a_wrong_csrf_token_is_refused_everywhere(
    app: Flask, world: dict[str, Any], wrong: str
) -> None:
    if wrong == "from another session":
        _other, wrong = signed_in(app, world["users"]["leader"])

    def send(client: Any, token: str, method: str, path: str, endpoint: str) -> Any:
        return client.open(path, method=method, data={"csrf_token": wrong, "label": "x"})

    assert _check_each(app, world, send, {400}) == []


def test_the_csrf_refusal_page_is_kind(app: Flask, world: dict[str, Any]) -> None:
    client, _token = signed_in(app, world["users"]["admin"])
    response = client.post("/admin/units/new", data={"name": "Team"})
    page = check_page(response.data)
    assert response.status_code == 400
    assert "nothing was saved" in page.get_text() and "reload the page" in page.get_text()


def test_a_body_over_the_limit_is_refused_with_413_everywhere(app: Flask, world: dict[str, Any]) -> None:
    form_limit = app.config["MAX_CONTENT_LENGTH"]
    upload_limit = app.config["UPLOAD_MAX_LENGTH"]
    assert form_limit == 1024 * 1024 and upload_limit > form_limit

    def send(client: Any, token: str, method: str, path: str, endpoint: str) -> Any:
        limit = upload_limit if endpoint in UPLOAD_ENDPOINTS else form_limit
        padding = "a" * (limit + 1)
        return client.open(path, method=method, data={"csrf_token": token, "name": padding})

    assert _check_each(app, world, send, {413}) == []
    client, token = signed_in(app, world["users"]["admin"])
    page = check_page(client.post("/admin/units/new", data={"csrf_token": token, "x": "a" * 2_000_000}).data)
    assert page.h1.get_text(strip=True) == "What you sent is too large"


def test_a_csv_upload_may_be_larger_than_a_form(app: Flask, world: dict[str, Any]) -> None:
    """Units and invitation lists are files: 2 MB is refused as a form but read as an upload."""
    import io

    client, token = signed_in(app, world["users"]["admin"])
    big = "key,name,kind,parent_key,headcount,partner_type,area\n" + "x" * 2_000_000
    response = client.post(
        "/admin/units/import",
        data={"csrf_token": token, "file": (io.BytesIO(big.encode()), "units.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 400) and "govuk-error-summary" in response.get_data(as_text=True)
    as_form = client.post("/admin/units/new", data={"csrf_token": token, "name": big})
    assert as_form.status_code == 413


MALFORMED = {
    "multipart without its boundary": ("multipart/form-data", b"--x\r\nContent-Disposition: form-data"),
    "multipart cut short": (
        "multipart/form-data; boundary=zz",
        b'--zz\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\nabc',
    ),
    "broken urlencoding": ("application/x-www-form-urlencoded", b"%zz=%%&&=&csrf_token=%E0%A4%A"),
    "invalid JSON": ("application/json", b'{"csrf_token": "x", "name": '),
    "JSON where a form is expected": ("application/json", b'{"name": "Team", "kind": "team"}'),
    "plain text": ("text/plain", b"name=Team&kind=team"),
    "binary": ("application/octet-stream", bytes(range(256)) * 4),
}


@pytest.mark.parametrize("kind", MALFORMED)
def test_malformed_bodies_are_refused_with_400_and_write_nothing(
    app: Flask, world: dict[str, Any], kind: str
) -> None:
    content_type, body = MALFORMED[kind]

    def send(client: Any, token: str, method: str, path: str, endpoint: str) -> Any:
        return client.open(path, method=method, data=body, content_type=content_type)

    assert _check_each(app, world, send, {400}) == []


def test_json_bodies_to_the_api_never_crash(app: Flask, world: dict[str, Any]) -> None:
    """The API reads no bodies; a JSON (or broken JSON) body on any of its routes is ignored or refused."""
    api = [r for r in routes(app) if r[2].startswith("/api/")]
    if not api:
        pytest.skip("no /api/ routes in the URL map yet")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world['own']['api_token']}"}
    for _endpoint, method, rule in api:
        for body in (b'{"a": ', b'{"key": "care-pulse"}', b"\xff\xfe"):
            response = client.open(
                fill(rule, world["own"]),
                method=method,
                data=body,
                content_type="application/json",
                headers=headers,
            )
            assert response.status_code < 500, (rule, body)
            assert "care-pulse" not in response.get_data(as_text=True) or rule.endswith("openapi.json")
