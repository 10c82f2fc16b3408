"""What the API answers: the dashboard service's figures, within the token's scope, suppressed alike."""

from __future__ import annotations

import json
from typing import Any

from surveyapp.services.access import scope_for
from surveyapp.services.aggregates import AggregateCache
from surveyapp.services.dashboard import build_dashboard
from tests.factories import make_user
from tests.surveyapp.api.conftest import bearer, token_for


def _get(client: Any, raw: str, path: str) -> dict[str, Any]:
    response = client.get(path, headers=bearer(raw))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _unit_keys(org: dict[str, Any], *names: str) -> set[str]:
    return {org["units"][name].key for name in names}


def test_measures_are_exactly_the_dashboards(client: Any, session: Any, org: dict[str, Any]) -> None:
    analyst = make_user(session, role="analyst")
    raw = token_for(session, analyst)
    body = _get(client, raw, "/api/v1/surveys/staff-pulse/measures")
    board = build_dashboard(session, org["survey"], scope_for(session, analyst), AggregateCache())
    assert body["wave"] == board.latest.number == 2
    assert (body["reporting_threshold"], body["text_threshold"]) == (5, 10)
    [group] = body["groups"]
    [top] = board.scope.tops
    assert group["unit"]["key"] == board.aggregates.tree.units[top].key
    assert group["responses"] == board.rates[top][-1].responses == 24
    expected = [
        {
            "key": line.question.key,
            "favourable_share": line.measure.favourable,
            "mean": line.measure.mean,
            "enps": line.measure.enps,
            "n": line.measure.n,
            "points": line.change.points,
            "significant": line.change.significant,
            "trend": line.trend,
        }
        for line in board.headlines[top]
    ]
    got = [
        {
            "key": m["question"]["key"],
            "favourable_share": m["favourable_share"],
            "mean": m["mean"],
            "enps": m["enps"],
            "n": m["n"],
            "points": m["change"]["points"],
            "significant": m["change"]["significant"],
            "trend": [t["favourable_percent"] for t in m["trend"]],
        }
        for m in group["measures"]
    ]
    assert got == expected and len(got) == 8
    recommend = next(m for m in group["measures"] if m["question"]["key"] == "recommend")
    assert recommend["enps"] is not None and recommend["suppressed"] is False
    # Earlier waves are asked for by number and match the dashboard as it stood then.
    first = _get(client, raw, "/api/v1/surveys/staff-pulse/measures?wave=1")
    assert first["wave"] == 1
    assert all(m["change"]["reason"] == "first wave" for m in first["groups"][0]["measures"])


def test_heatmap_suppresses_small_groups_and_their_complement(
    client: Any, session: Any, org: dict[str, Any]
) -> None:
    raw = token_for(session, make_user(session, role="reference"))
    body = _get(client, raw, "/api/v1/surveys/staff-pulse/heatmap")
    assert [u["name"] for u in body["units"]] == ["Assessment", "Care", "Fostering"]
    assert len(body["cells"]) == len(body["questions"]) * 3 == 24
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for cell in body["cells"]:
        by_unit.setdefault(cell["unit"], []).append(cell)
    assessment, care, fostering = (org["units"][n].key for n in ("Assessment", "Care", "Fostering"))
    assert all(
        not c["suppressed"] and c["n"] == 14 and c["favourable_share"] == 0.5 for c in by_unit[assessment]
    )
    for key in (care, fostering):
        assert all(
            c["suppressed"] and c["n"] is None and c["favourable_share"] is None and c["mean"] is None
            for c in by_unit[key]
        )
    # Differencing: the directorate's total less every figure shown leaves Care and Fostering together
    # (3 + 7), never Care alone, and that remainder is itself at least k.
    total = _get(client, raw, "/api/v1/surveys/staff-pulse/measures")["groups"][0]["responses"]
    shown = {c["unit"]: c["n"] for c in body["cells"] if not c["suppressed"]}
    remainder = total - sum(shown.values())
    assert remainder == 10 and remainder >= body["reporting_threshold"]
    assert sum(1 for key in by_unit if by_unit[key][0]["suppressed"]) >= 2
    detail = _get(client, raw, "/api/v1/surveys/staff-pulse")
    text = json.dumps(detail)
    assert '"responses": 3' not in text and '"responses": 7' not in text


def test_a_scoped_token_never_sees_another_units_figures(
    client: Any, session: Any, org: dict[str, Any]
) -> None:
    scoped = make_user(session, role="analyst", scope=[org["units"]["Assessment"]])
    raw = token_for(session, scoped)
    assert [s["key"] for s in _get(client, raw, "/api/v1/surveys")["items"]] == ["staff-pulse"]
    outside = _unit_keys(org, "Children's Services", "Care", "Fostering", "C1", "F1")
    seen = ""
    for path in ("", "/measures", "/heatmap", "/themes", "/actions", "/measures?wave=1", "/heatmap?wave=1"):
        body = _get(client, raw, f"/api/v1/surveys/staff-pulse{path}")
        seen += json.dumps(body)
    assert not any(f'"{key}"' in seen for key in outside)
    measures = _get(client, raw, "/api/v1/surveys/staff-pulse/measures")
    assert [g["unit"]["name"] for g in measures["groups"]] == ["Assessment"]
    assert measures["groups"][0]["responses"] == 14
    heatmap = _get(client, raw, "/api/v1/surveys/staff-pulse/heatmap")
    assert [u["name"] for u in heatmap["units"]] == ["A1", "A2"]
    assert all(c["suppressed"] for c in heatmap["cells"])  # A2 has 2, so A1 (12 of 14) is hidden too
    # Another scope's survey answers exactly as a survey that does not exist.
    for path in ("", "/measures", "/heatmap", "/themes", "/actions"):
        outside_scope = client.get(f"/api/v1/surveys/youth-pulse{path}", headers=bearer(raw))
        missing = client.get(f"/api/v1/surveys/no-such-survey{path}", headers=bearer(raw))
        assert outside_scope.status_code == missing.status_code == 404
        assert outside_scope.get_json(force=True) == missing.get_json(force=True)


def test_survey_detail_lists_waves_and_rates(client: Any, session: Any, org: dict[str, Any]) -> None:
    raw = token_for(session, make_user(session, role="leader"))
    body = _get(client, raw, "/api/v1/surveys/staff-pulse")
    assert body["key"] == "staff-pulse" and body["audience"] == "staff"
    assert [(w["number"], w["status"], w["has_results"]) for w in body["waves"]] == [
        (1, "closed", True),
        (2, "closed", True),
        (3, "open", False),
    ]
    [group] = body["groups"]
    assert group["unit"]["kind"] == "directorate"
    assert [(w["wave"], w["responses"], w["suppressed"]) for w in group["waves"]] == [
        (1, 24, False),
        (2, 24, False),
    ]


def test_themes_only_where_the_page_shows_them(client: Any, session: Any, org: dict[str, Any]) -> None:
    raw = token_for(session, make_user(session, role="analyst"))
    body = _get(client, raw, "/api/v1/surveys/staff-pulse/themes")
    assert body["wave"] == 2 and body["themes_not_shown"] == 1  # Parking has 4 comments, below 10
    [theme] = body["items"]
    assert (
        theme["label"] == "Caseloads" and theme["count"] == 14 and theme["keywords"] == ["caseload", "cases"]
    )
    assert theme["share"] == 14 / 30 and theme["sentiment_mean"] == -0.3
    assert [t["wave"] for t in theme["trend"]] == [1, 2]
    assert theme["trend"][0]["share_percent"] == 100.0 * 11 / 30
    text = json.dumps(body)
    assert "Named manager" not in text and "Parking" not in text and "manager" not in text
    assert body["total"] == 1 and body["page"] == 1


def test_actions_are_the_published_ones(client: Any, session: Any, org: dict[str, Any]) -> None:
    raw = token_for(session, make_user(session, role="analyst"))
    body = _get(client, raw, "/api/v1/surveys/staff-pulse/actions")
    [action] = body["items"]
    assert action["published_on"] == "2026-01-12" and action["theme"]["label"] == "Caseloads"
    assert "draft" not in json.dumps(body).lower()


def test_lists_are_paginated(client: Any, session: Any, org: dict[str, Any]) -> None:
    raw = token_for(session, make_user(session, role="analyst"))
    first = _get(client, raw, "/api/v1/surveys?per_page=1")
    second = _get(client, raw, "/api/v1/surveys?per_page=1&page=2")
    beyond = _get(client, raw, "/api/v1/surveys?per_page=1&page=3")
    assert (first["total"], first["pages"], first["per_page"]) == (2, 2, 1)
    assert [first["items"][0]["key"], second["items"][0]["key"]] == ["staff-pulse", "youth-pulse"]
    assert beyond["items"] == [] and beyond["page"] == 3
