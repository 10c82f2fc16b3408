"""Who gets in: a working bearer token only; everything else is a 401 (or 403) problem document."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models.insights import ApiToken
from surveyapp.services.api_tokens import revoke_token
from tests.factories import make_user, sign_in_as
from tests.surveyapp.api.conftest import bearer, token_for


def _is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": ""},
        {"Authorization": "Bearer"},
        {"Authorization": "Basic YWRtaW46YWRtaW4="},
        {"Authorization": "Bearer heard_not-a-real-token-at-all-0123456789abcdef"},
        {"Authorization": "Bearer something-else"},
    ],
)
def test_missing_or_unknown_tokens_are_refused(
    client: Any, org: dict[str, Any], headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/surveys", headers=headers)
    _is_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_working_token_reads_and_its_day_of_use_is_recorded(
    client: Any, session: Any, org: dict[str, Any]
) -> None:
    raw = token_for(session, make_user(session, role="analyst"))
    response = client.get("/api/v1/surveys", headers=bearer(raw))
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert [s["key"] for s in response.get_json()["items"]] == ["staff-pulse", "youth-pulse"]
    token = session.scalar(select(ApiToken))
    session.refresh(token)
    assert token.last_used_on == dt.date.today()


def test_a_revoked_token_stops_working(client: Any, session: Any, org: dict[str, Any]) -> None:
    analyst = make_user(session, role="analyst")
    raw = token_for(session, analyst)
    assert client.get("/api/v1/surveys", headers=bearer(raw)).status_code == 200
    revoke_token(session, session.scalar(select(ApiToken)), actor=analyst)
    session.commit()
    _is_problem(client.get("/api/v1/surveys", headers=bearer(raw)), 401)


def test_a_disabled_users_token_stops_working(client: Any, session: Any, org: dict[str, Any]) -> None:
    analyst = make_user(session, role="analyst")
    raw = token_for(session, analyst)
    analyst.active = False
    session.commit()
    _is_problem(client.get("/api/v1/surveys/staff-pulse", headers=bearer(raw)), 401)


def test_a_signed_in_session_cookie_alone_is_not_enough(
    client: Any, session: Any, org: dict[str, Any]
) -> None:
    admin = make_user(session, role="admin")
    session.commit()
    sign_in_as(client, admin)
    assert client.get("/insights").status_code == 200  # the cookie works for the pages...
    response = client.get("/api/v1/surveys/staff-pulse/measures")
    _is_problem(response, 401)  # ...but not for the API
    assert "Set-Cookie" not in response.headers  # nor is the session prolonged by API calls


def test_roles_that_may_not_read_results_are_forbidden(
    client: Any, session: Any, org: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = token_for(session, make_user(session, role="analyst"))
    monkeypatch.setattr("surveyapp.api.READER_ROLES", ("admin", "leader"))
    _is_problem(client.get("/api/v1/surveys", headers=bearer(raw)), 403)


def test_only_a_hash_of_the_token_is_stored(session: Any, org: dict[str, Any]) -> None:
    raw = token_for(session, make_user(session, role="analyst"))
    stored = session.scalar(select(ApiToken))
    assert raw.startswith("heard_") and len(raw) > 32
    assert stored.token_hash != raw and raw not in repr(stored.__dict__)
    assert len(stored.token_hash) == 64


def test_errors_are_problem_documents(client: Any, session: Any, org: dict[str, Any]) -> None:
    headers = bearer(token_for(session, make_user(session, role="analyst")))
    body = _is_problem(client.get("/api/v1/surveys/staff-pulse/measures?wave=abc", headers=headers), 400)
    assert "wave" in body["detail"]
    _is_problem(client.get("/api/v1/surveys/staff-pulse/measures?wave=9", headers=headers), 400)
    body = _is_problem(client.get("/api/v1/surveys/staff-pulse/heatmap?wave=3", headers=headers), 400)
    assert "no results yet" in body["detail"]  # wave 3 is still open
    _is_problem(client.get("/api/v1/surveys?per_page=0", headers=headers), 400)
    _is_problem(client.get("/api/v1/surveys?page=-1", headers=headers), 400)
    _is_problem(client.get("/api/v1/surveys/no-such-survey", headers=headers), 404)
    _is_problem(client.get("/api/v1/no-such-thing", headers=headers), 404)
    response = client.post("/api/v1/surveys", headers=headers)
    _is_problem(response, 405)
    assert "GET" in response.headers["Allow"]
    _is_problem(client.delete("/api/v1/surveys/staff-pulse", headers=headers), 405)


def test_the_openapi_document_needs_no_token(client: Any) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearer"]["description"],
    }
    assert "No comment text" in document["info"]["description"]
