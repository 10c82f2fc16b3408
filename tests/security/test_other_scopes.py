"""Every role × every route × ids of another unit, survey, wave, theme, comment, action or user: never a 2xx.

A companion to tests/surveyapp/admin/test_access_map.py (which checks each role reaches the routes its
role allows): here every URL argument is filled with an object outside the user's scope, or belonging
to another survey than the one in the URL, and the answer must be a 4xx that shows nothing of the other
half of the council and changes nothing there.
"""

from __future__ import annotations

import io
import itertools
import random
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.models import Action, Comment, Theme
from surveyapp.services.analysis_runs import run_analysis
from tests.factories import add_comments, make_survey
from tests.security.helpers import OTHER_MARKER, build_world, fill, routes, row_counts, signed_in

SCOPED_ROLES = ("scoped leader", "scoped reference", "scoped analyst")
WHOLE_ORG_ROLES = ("admin", "leader", "reference", "analyst")
PUBLIC = ("respond.", "health.", "auth.", "static")
# URL arguments naming an object that belongs to a survey; the rest name the survey or a person/unit.
OBJECT_ARGUMENTS = ("theme_id", "comment_id", "action_id", "number")


@pytest.fixture
def world(session: Any) -> dict[str, Any]:
    return build_world(session)


def _staff_routes(app: Flask) -> list[tuple[str, str, str]]:
    return [r for r in routes(app) if not r[0].startswith(PUBLIC) and "<" in r[2]]


def _send(client: Any, method: str, path: str, token: str, headers: dict[str, str]) -> Any:
    if method == "GET":
        return client.get(path, headers=headers)
    return client.open(path, method=method, data={"csrf_token": token}, headers=headers)


def _other_half(session: Any, world: dict[str, Any]) -> tuple[Any, ...]:
    """What a write to the other half would change, as comparable values."""
    session.expire_all()
    other = world["other"]
    theme = session.get(Theme, other["theme_id"])
    action = session.get(Action, other["action_id"])
    comment = session.get(Comment, other["comment_id"])
    return (
        (theme.label, theme.curated_label, theme.state),
        (action.published_on, action.you_said, action.we_did),
        (comment.moderation_state,),
    )


def _mixed(own: dict[str, Any], other: dict[str, Any]) -> list[dict[str, Any]]:
    """URL values mixing the halves: the other survey outright, and each of its objects under ours."""
    combos = [other, {**own, **{a: other[a] for a in OBJECT_ARGUMENTS if a != "number"}}]
    combos += [{**own, a: other[a]} for a in ("theme_id", "comment_id", "action_id", "user_id", "unit_id")]
    return combos


def _problems(app: Flask, world: dict[str, Any], role: str, *, admin_routes: bool) -> list[str]:
    client, token = signed_in(app, world["users"][role])
    problems = []
    for endpoint, method, rule in _staff_routes(app):
        if endpoint.startswith("admin.") and not admin_routes:
            continue
        headers = {}
        if endpoint.startswith("api."):
            headers = {"Authorization": f"Bearer {world['own']['api_token']}"}
        for values in _mixed(world["own"], world["other"]):
            path = fill(rule, values)
            if path == fill(rule, world["own"]):
                continue  # this route takes none of the mixed-in arguments
            response = _send(client, method, path, token, headers)
            body = response.get_data(as_text=True)
            if not 400 <= response.status_code < 500:
                problems.append(f"{role}: {method} {path} answered {response.status_code}")
            elif OTHER_MARKER in body:
                problems.append(f"{role}: {method} {path} showed the other half's data")
    return problems


@pytest.mark.parametrize("role", SCOPED_ROLES)
def test_scoped_users_get_no_2xx_for_another_scopes_ids(
    app: Flask, session: Any, world: dict[str, Any], role: str
) -> None:
    before, untouched = row_counts(), _other_half(session, world)
    assert _problems(app, world, role, admin_routes=True) == []
    # Pages without ids (the survey list, the API's list) show nothing of the other half either.
    client, _token = signed_in(app, world["users"][role])
    headers = {"Authorization": f"Bearer {world['own']['api_token']}"}
    for endpoint, _method, rule in routes(app, methods={"GET"}):
        if "<" not in rule and endpoint.startswith(("insights.", "api.")):
            response = client.get(rule, headers=headers if endpoint.startswith("api.") else {})
            assert OTHER_MARKER not in response.get_data(as_text=True), rule
    assert _other_half(session, world) == untouched
    assert {t: n for t, n in row_counts().items() if n != before[t]}.keys() <= {"audit_event"}


@pytest.mark.parametrize("role", WHOLE_ORG_ROLES)
def test_ids_of_another_survey_never_work_under_this_surveys_url(
    app: Flask, session: Any, world: dict[str, Any], role: str
) -> None:
    """Even someone who may read both surveys cannot reach a theme, comment or action through the other
    survey's URL (ids are checked against the survey, not just against the reader)."""
    untouched = _other_half(session, world)
    client, token = signed_in(app, world["users"][role])
    problems = []
    for endpoint, method, rule in _staff_routes(app):
        if not endpoint.startswith("insights.") or not any(f"{a}>" in rule for a in OBJECT_ARGUMENTS[:3]):
            continue
        for argument in OBJECT_ARGUMENTS[:3]:
            path = fill(rule, {**world["own"], argument: world["other"][argument]})
            if path == fill(rule, world["own"]):
                continue
            response = _send(client, method, path, token, {})
            if response.status_code not in (403, 404):
                problems.append(f"{method} {path}: {response.status_code}")
    assert problems == []
    assert _other_half(session, world) == untouched


def test_api_tokens_see_only_their_scope(app: Flask, world: dict[str, Any]) -> None:
    api = [r for r in routes(app, methods={"GET"}) if r[2].startswith("/api/") and "<" in r[2]]
    if not api:
        pytest.skip("no /api/ routes in the URL map yet")
    client = app.test_client()
    headers = {"Authorization": f"Bearer {world['own']['api_token']}"}
    problems = []
    for _endpoint, _method, rule in api:
        response = client.get(fill(rule, world["other"]), headers=headers)
        if not 400 <= response.status_code < 500 or OTHER_MARKER in response.get_data(as_text=True):
            problems.append(f"GET {fill(rule, world['other'])}: {response.status_code}")
    listing = client.get("/api/v1/surveys", headers=headers).get_data(as_text=True)
    assert problems == [] and "care-pulse" not in listing and "front-pulse" in listing


def _text(response: Any) -> str:
    """A response's readable text: a workbook's cell values, anything else decoded."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(response.data))
        return " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    return response.get_data().decode("utf-8", "replace")


@pytest.mark.slow
def test_a_survey_spanning_both_scopes_shows_a_scoped_reader_only_their_units(
    app: Flask, session: Any, world: dict[str, Any]
) -> None:
    """One survey sent to the whole directorate, analysed for real: a reader scoped to the front door
    reads every insights page and download of it and never meets the care half's comments or units."""
    top = world["units"]["top"]
    survey = make_survey(session, key="whole-pulse", title="Whole pulse", audience=[top])
    from tests.factories import make_wave

    wave = make_wave(session, survey, number=1, status="closed")
    teams = {u.name: u for u in top.children for u in u.children}
    rng = random.Random(3)
    add_comments(session, wave, [teams["MASH"]], 12, rng=rng)
    care_team = next(u for name, u in teams.items() if OTHER_MARKER in name)
    add_comments(session, wave, [care_team], 12, rng=rng)
    # Each care comment gets its own word, so none becomes a theme keyword (keywords describe the whole
    # survey); a quote from the care half would carry one.
    care_words = []
    for comment in session.scalars(select(Comment)):
        if comment.response.unit_id == care_team.id:
            care_words.append(f"zqxcare{len(care_words):03d}")
            comment.text = f"{comment.text} {care_words[-1]}"
    session.commit()
    run_analysis(session, survey)
    themes = list(session.scalars(select(Theme.id).where(Theme.survey_id == survey.id)))
    assert themes, "the analysis found no themes to look at"
    client, _token = signed_in(app, world["users"]["scoped leader"])
    values = {**world["own"], "key": "whole-pulse", "survey_key": "whole-pulse", "number": 1}
    problems = []
    for endpoint, _method, rule in routes(app, methods={"GET"}):
        if not endpoint.startswith("insights.") or endpoint.endswith("_pdf"):
            continue
        for theme_id in itertools.islice(themes, 3) if "theme_id" in rule else [None]:
            path = fill(rule, {**values, "theme_id": theme_id})
            response = client.get(path)
            text = _text(response) if response.status_code == 200 else ""
            leaked = [w for w in care_words if w in text] + ([OTHER_MARKER] if OTHER_MARKER in text else [])
            if leaked:
                problems.append(f"GET {path} shows the care half: {leaked[:3]}")
    assert problems == []
    # The whole-organisation leader does see the care half: the words are there to be found.
    leader, _token = signed_in(app, world["users"]["leader"])
    seen = "".join(leader.get(f"/insights/whole-pulse/themes/{t}").get_data(as_text=True) for t in themes)
    assert any(w in seen for w in care_words)
