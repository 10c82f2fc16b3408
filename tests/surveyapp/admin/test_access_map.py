"""Every staff route, walked from the app's URL map, answers each role (and nobody) as it should.

Anonymous visitors are sent to sign in; only administrators reach admin pages (others get 403); every
signed-in role reads insights, but only for surveys in their scope (404 for another scope's survey, so
editing a URL neither shows nor confirms it). New routes are picked up automatically: a route with a URL
argument this table does not know fails the test until it is added.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from surveyapp.services.api_tokens import issue_token
from surveyapp.services.password_resets import issue_reset
from tests.factories import (
    make_action,
    make_flagged_comment,
    make_open_link,
    make_survey,
    make_theme,
    make_unit,
    make_user,
    make_wave,
    sign_in_as,
)

ROLES = ("admin", "leader", "reference", "analyst")
STAFF_PREFIXES = ("admin.", "insights.", "auth.")
# Sign-in pages anyone may open; the authenticator-code pages answer only a sign-in whose password was
# just accepted (tests/surveyapp/auth/test_mfa.py walks every route in that state).
PUBLIC_AUTH = {"auth.sign_in", "auth.sign_out", "auth.reset_password", "auth.verify_mfa", "auth.set_up_mfa"}

# The policy, as a table: who may use each staff route. Each blueprint has a default; the routes listed
# after it narrow that default. A route added without an entry here gets its blueprint's default.
BLUEPRINT_ROLES = {"admin": {"admin"}, "insights": set(ROLES)}
ACTION_WRITERS = {"admin", "leader", "reference"}
ROUTE_ROLES = {
    "insights.raw_comment": {"admin"},  # raw text is for admins only, each view audited
    "insights.curate": {"admin", "leader"},
    "insights.analyse_again": {"admin", "leader"},
    "insights.new_action": ACTION_WRITERS,
    "insights.edit_action": ACTION_WRITERS,
    "insights.publish_action": ACTION_WRITERS,
    "insights.unpublish_action": ACTION_WRITERS,
}


def allowed_roles(endpoint: str) -> set[str]:
    """The roles the policy lets use ``endpoint``."""
    return ROUTE_ROLES.get(endpoint, BLUEPRINT_ROLES[endpoint.split(".", 1)[0]])


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    top = make_unit(session, key="childrens", kind="directorate")
    front = make_unit(session, key="front-door", kind="service_area", parent=top)
    care = make_unit(session, key="care", kind="service_area", parent=top)
    mash = make_unit(session, key="mash", parent=front)
    cic = make_unit(session, key="cic", parent=care)
    front_survey = make_survey(session, key="front-pulse", audience=[mash])
    make_survey(session, key="care-pulse", audience=[cic])
    closed = make_wave(session, front_survey, number=1, status="closed")
    make_wave(session, front_survey, number=2)
    comment = make_flagged_comment(session, closed, mash)
    theme = make_theme(session, front_survey)
    action = make_action(session, front_survey)
    link = make_open_link(session, front_survey, unit=mash)
    users = {role: make_user(session, role=role) for role in ROLES}
    users["scoped leader"] = make_user(session, role="leader", scope=[front])
    token = issue_reset(session, users["leader"], actor=users["admin"])
    api_tokens = {
        role: issue_token(session, user, f"{role} report", actor=users["admin"])
        for role, user in users.items()
    }
    session.commit()
    return {
        "users": users,
        "api_tokens": {role: raw for role, (_row, raw) in api_tokens.items()},
        "values": {
            "key": "front-pulse",
            "survey_key": "front-pulse",
            "number": 1,
            "unit_id": mash.id,
            "user_id": users["analyst"].id,
            "link_id": link.id,
            "comment_id": comment.id,
            "theme_id": theme.id,
            "action_id": action.id,
            "change": "confirm",
            "token": token,
            "token_id": api_tokens["analyst"][0].id,
        },
        "missing": {
            "key": "no-such-survey",
            "survey_key": "no-such-survey",
            "number": 99,
            "unit_id": 999_999,
            "user_id": 999_999,
            "link_id": 999_999,
            "comment_id": 999_999,
            "theme_id": 999_999,
            "action_id": 999_999,
            "token_id": 999_999,
        },
        "other_scope": {"key": "care-pulse", "survey_key": "care-pulse"},
    }


def _routes(app: Flask) -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) for every staff route."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(STAFF_PREFIXES):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, rule.rule))
    return sorted(found)


def _path(rule: str, values: dict[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in values, (
            f"{rule} has a URL argument ({name}) the access table does not know: add it to `world`"
        )
        return str(values[name])

    return re.sub(r"<(?:[^<>]*:)?(\w+)>", value, rule)


def _client(app: Flask, user: Any | None) -> tuple[Any, str]:
    """A client (signed in as ``user`` if given) and a CSRF token valid for its session."""
    client = app.test_client()
    html = client.get("/sign-in").get_data(as_text=True)
    token = html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    if user is not None:
        sign_in_as(client, user)
    return client, token


def _request(client: Any, method: str, path: str, token: str) -> Any:
    if method == "GET":
        return client.get(path)
    return client.post(path, data={"csrf_token": token})


def test_the_table_covers_admin_insights_and_sign_in(app: Flask) -> None:
    endpoints = {endpoint for endpoint, _method, _rule in _routes(app)}
    assert {"admin.dashboard", "admin.progress_json", "insights.index", "insights.survey"} <= endpoints
    assert endpoints >= PUBLIC_AUTH
    assert len(endpoints) >= 30


def test_anonymous_visitors_are_sent_to_sign_in(app: Flask, world: dict[str, Any]) -> None:
    problems = []
    for endpoint, method, rule in _routes(app):
        if endpoint in PUBLIC_AUTH:
            continue
        client, token = _client(app, None)
        response = _request(client, method, _path(rule, world["values"]), token)
        if response.status_code != 302 or not response.location.startswith("/sign-in?next="):
            problems.append(f"{method} {rule}: {response.status_code} {response.location}")
    assert problems == []


def _answers_as_allowed(response: Any) -> bool:
    location = response.location or ""
    return (
        response.status_code not in (401, 403)
        and response.status_code < 500
        and not location.startswith("/sign-in")
    )


@pytest.mark.parametrize("role", [*ROLES, "scoped leader"])
def test_each_role_reaches_exactly_the_routes_the_policy_allows(
    app: Flask, world: dict[str, Any], role: str
) -> None:
    user = world["users"][role]
    client, token = _client(app, user)
    problems = []
    for endpoint, method, rule in _routes(app):
        if endpoint in PUBLIC_AUTH:
            continue
        response = _request(client, method, _path(rule, world["values"]), token)
        if user.role in allowed_roles(endpoint):
            if not _answers_as_allowed(response):
                problems.append(
                    f"{method} {rule}: {response.status_code} {response.location or ''} (should be allowed)"
                )
        elif response.status_code != 403:
            problems.append(f"{method} {rule}: {response.status_code} (should be 403)")
    assert problems == []


def test_admin_pages_refuse_other_roles_whatever_ids_are_in_the_url(
    app: Flask, world: dict[str, Any]
) -> None:
    client, token = _client(app, world["users"]["leader"])
    problems = []
    for endpoint, method, rule in _routes(app):
        if endpoint.startswith("admin."):
            response = _request(client, method, _path(rule, {**world["values"], **world["missing"]}), token)
            if response.status_code != 403:
                problems.append(f"{method} {rule}: {response.status_code}")
    assert problems == []


def test_ids_that_do_not_exist_are_not_found(app: Flask, world: dict[str, Any]) -> None:
    client, token = _client(app, world["users"]["admin"])
    problems = []
    for endpoint, method, rule in _routes(app):
        if endpoint in PUBLIC_AUTH or "<" not in rule:
            continue
        response = _request(client, method, _path(rule, {**world["values"], **world["missing"]}), token)
        if response.status_code != 404:
            problems.append(f"{method} {rule}: {response.status_code}")
    assert problems == []


def test_another_scopes_survey_cannot_be_reached_by_editing_the_url(
    app: Flask, world: dict[str, Any]
) -> None:
    scoped, token = _client(app, world["users"]["scoped leader"])
    problems = []
    checked = 0
    for endpoint, method, rule in _routes(app):
        if not endpoint.startswith("insights.") or not re.search(r"<(?:[^<>]*:)?(key|survey_key)>", rule):
            continue
        checked += 1
        response = _request(scoped, method, _path(rule, {**world["values"], **world["other_scope"]}), token)
        if response.status_code not in (403, 404):
            problems.append(f"{method} {rule}: {response.status_code}")
    assert checked >= 1 and problems == []
    assert scoped.get("/insights/surveys/front-pulse").status_code == 200
    index = scoped.get("/insights").get_data(as_text=True)
    assert "front-pulse" in index and "care-pulse" not in index
    whole, _token = _client(app, world["users"]["leader"])
    assert whole.get("/insights/surveys/care-pulse").status_code == 200


@pytest.mark.parametrize("role", [None, *ROLES])
def test_sign_in_pages_answer_everyone(app: Flask, world: dict[str, Any], role: str | None) -> None:
    client, _token = _client(app, world["users"][role] if role else None)
    signed_in = role is not None
    assert client.get("/sign-in").status_code == (302 if signed_in else 200)
    assert client.get(f"/reset-password/{world['values']['token']}").status_code == 200
    assert client.get("/reset-password/not-a-token").status_code == 404
    response = client.get("/sign-out")
    assert response.status_code == 302 and response.location == "/sign-in"


# --- the read-only API: a bearer token, never a cookie ---------------------------------------------------

API_PUBLIC = {"api.openapi"}


def _api_routes(app: Flask) -> list[tuple[str, str]]:
    """(endpoint, rule) for every API route (all GET: the API is read-only)."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            assert rule.methods - {"HEAD", "OPTIONS"} == {"GET"}, f"{rule.rule} is not read-only"
            found.append((rule.endpoint, rule.rule))
    return sorted(found)


def test_the_api_needs_a_token_whatever_cookie_is_sent(app: Flask, world: dict[str, Any]) -> None:
    routes = _api_routes(app)
    assert len(routes) >= 7
    problems = []
    for role in (None, *ROLES):
        client, _token = _client(app, world["users"][role] if role else None)
        for endpoint, rule in routes:
            response = client.get(_path(rule, world["values"]))
            expected = 200 if endpoint in API_PUBLIC else 401
            if response.status_code != expected or response.mimetype not in (
                "application/json",
                "application/problem+json",
            ):
                problems.append(f"{role}: GET {rule}: {response.status_code} {response.mimetype}")
    assert problems == []


@pytest.mark.parametrize("role", [*ROLES, "scoped leader"])
def test_each_roles_token_reads_the_api_within_its_scope(
    app: Flask, world: dict[str, Any], role: str
) -> None:
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world['api_tokens'][role]}"}
    problems = []
    for _endpoint, rule in _api_routes(app):
        checks = [
            (world["values"], 200),
            ({**world["values"], **world["missing"]}, 404 if "<" in rule else 200),
        ]
        if role == "scoped leader" and "<" in rule:
            checks.append(({**world["values"], **world["other_scope"]}, 404))
        for values, expected in checks:
            response = client.get(_path(rule, values), headers=headers)
            if response.status_code != expected:
                problems.append(f"GET {_path(rule, values)}: {response.status_code} (expected {expected})")
    assert problems == []
