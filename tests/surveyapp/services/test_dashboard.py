"""The dashboard's figures: the reader's scope, heatmap suppression, pooled small teams and themes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from surveyapp.models import AnalysisRun
from surveyapp.services.access import Scope
from surveyapp.services.aggregates import AggregateCache
from surveyapp.services.dashboard import build_dashboard, latest_run
from tests.factories import (
    make_partner_survey,
    make_response,
    make_scored_org,
    make_theme,
    make_theme_stat,
    make_wave,
)

WHOLE = Scope(None, None)


def test_headlines_heatmap_and_rates_for_the_whole_organisation(session: Any) -> None:
    org = make_scored_org(
        session, {"Assessment": {"A1": 8, "A2": 2}, "Care": {"C1": 10}, "Fostering": {"F1": 6}}, waves=2
    )
    session.commit()
    board = build_dashboard(session, org["survey"], WHOLE, AggregateCache())
    units = org["units"]
    directorate = units["Children's Services"].id
    assert board.scope.tops == [directorate]
    assert board.scope.columns == [units[n].id for n in ("Assessment", "Care", "Fostering")]
    assert [r.responses for r in board.rates[directorate]] == [26, 26]
    caseload = next(h for h in board.headlines[directorate] if h.question.key == "caseload")
    assert caseload.measure.n == 26 and caseload.change.points == pytest.approx(0.0)
    assert not caseload.change.significant
    recommend = next(h for h in board.headlines[directorate] if h.question.key == "recommend")
    assert recommend.measure.enps is not None
    assert board.heatmap[("caseload", units["Assessment"].id)].n == 10
    assert not board.heatmap[("caseload", units["Fostering"].id)].hidden  # 6 ≥ 5


def test_heatmap_hides_small_areas_and_their_complement(session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 12}, "Care": {"C1": 3}, "Fostering": {"F1": 6}})
    session.commit()
    board = build_dashboard(session, org["survey"], WHOLE, AggregateCache())
    units = org["units"]
    assert board.heatmap[("caseload", units["Care"].id)].hidden
    # Care alone would be the directorate minus the other two; the next smallest (Fostering) goes too.
    assert board.heatmap[("caseload", units["Fostering"].id)].hidden
    assert not board.heatmap[("caseload", units["Assessment"].id)].hidden


def test_a_scoped_reader_sees_only_their_area_split_by_team(session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 8, "A2": 7}, "Care": {"C1": 10}})
    session.commit()
    area = org["units"]["Assessment"]
    scope = Scope(frozenset({area.id, org["units"]["A1"].id, org["units"]["A2"].id}), None)
    board = build_dashboard(session, org["survey"], scope, AggregateCache())
    assert board.scope.tops == [area.id]
    assert board.scope.columns == [org["units"]["A1"].id, org["units"]["A2"].id]
    assert [r.responses for r in board.rates[area.id]] == [15]


def test_small_team_pooled_over_waves_only_when_the_pool_is_safe(session: Any) -> None:
    org = make_scored_org(
        session,
        {"Assessment": {"A1": 12, "Tiny": 3}, "Care": {"C1": 10, "C2": 9}},
        waves=3,
    )
    session.commit()
    board = build_dashboard(session, org["survey"], WHOLE, AggregateCache())
    tiny = org["units"]["Tiny"].id
    assert board.heatmap  # the areas are still shown per wave
    pooled = {row.unit_id: row for row in board.pooled}
    assert tiny in pooled
    row = pooled[tiny]
    # Windows run back from the latest wave until they reach 5; a short leftover joins the oldest.
    assert [w.number for w in row.waves] == [1, 2, 3]
    assert row.responses == 9 and row.measures["caseload"].n == 9
    # A1 was hidden only as Tiny's complement; it reaches 5 alone every wave, so a pool adds nothing.
    assert set(pooled) == {tiny}
    assert all(found.responses >= board.k for found in pooled.values())


def test_no_pool_when_a_team_was_shown_in_one_of_the_pooled_waves(session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 12, "T": 3}, "Care": {"C1": 10}}, waves=1)
    wave2 = make_wave(session, org["survey"], status="closed", number=2)
    for _ in range(12):
        make_response(session, wave2, org["units"]["A1"], answers={"caseload": "4"})
    for _ in range(10):
        make_response(session, wave2, org["units"]["C1"], answers={"caseload": "4"})
    for _ in range(6):  # T is big enough in wave 2 …
        make_response(session, wave2, org["units"]["T"], answers={"caseload": "4"})
    wave3 = make_wave(session, org["survey"], status="closed", number=3)
    for unit, count in (("A1", 12), ("C1", 10), ("T", 2)):  # … and small again in wave 3
        for _ in range(count):
            make_response(session, wave3, org["units"][unit], answers={"caseload": "2"})
    session.commit()
    board = build_dashboard(session, org["survey"], WHOLE, AggregateCache())
    # T's latest window would be waves 2–3, but T was shown in wave 2: the pool would give away wave 3.
    assert org["units"]["T"].id not in {row.unit_id for row in board.pooled}


def test_latest_themes_need_k_text_comments_and_carry_flags(session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 12}}, waves=2)
    first, second = org["waves"]
    survey = org["survey"]
    steady = make_theme(session, survey, label="Supervision")
    rising = make_theme(session, survey, label="Caseloads", curated_label="Caseloads and cover")
    fresh = make_theme(session, survey, label="Recording system")
    small = make_theme(session, survey, label="Parking")
    hidden = make_theme(session, survey, label="Hidden one", state="hidden")
    make_theme_stat(session, steady, first, comment_count=20, share=0.3)
    make_theme_stat(session, steady, second, comment_count=21, share=0.3, change=0.0, significant=False)
    make_theme_stat(session, rising, first, comment_count=10, share=0.1)
    make_theme_stat(session, rising, second, comment_count=30, share=0.4, change=0.3, significant=True)
    make_theme_stat(session, fresh, second, comment_count=12, share=0.15)
    make_theme_stat(session, small, second, comment_count=4, share=0.05)
    make_theme_stat(session, hidden, second, comment_count=40, share=0.5)
    session.commit()
    board = build_dashboard(session, survey, WHOLE, AggregateCache())
    rows = {row.theme.display_label: row for row in board.themes}
    assert list(rows) == ["Caseloads and cover", "Supervision", "Recording system"]
    assert rows["Caseloads and cover"].flags == ["rising"]
    assert rows["Recording system"].flags == ["new"]
    assert rows["Supervision"].flags == []
    assert rows["Caseloads and cover"].trend == [pytest.approx(10.0), pytest.approx(40.0)]
    assert board.themes_hidden == 1  # "Parking" has fewer than 10 comments


def test_latest_analysis_run_is_reported(session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 6}})
    survey = org["survey"]
    assert latest_run(session, survey) is None
    session.add(
        AnalysisRun(survey_id=survey.id, status="done", progress=1.0, finished_at=dt.datetime(2026, 11, 1))
    )
    session.commit()
    board = build_dashboard(session, survey, WHOLE, AggregateCache())
    assert board.last_run is not None and board.last_run.status == "done"


def test_partnership_results_by_group_and_a_school_only_when_named_by_enough(session: Any) -> None:
    survey, groups, schools = make_partner_survey(session)
    wave = make_wave(session, survey, status="closed", number=1)
    for _ in range(7):
        make_response(session, wave, groups["primary-north"], answers={"communication": "4"})
    for _ in range(6):
        make_response(session, wave, groups["secondary"], answers={"communication": "2"})
    for school in schools[2:]:  # both secondaries' respondents chose to name them
        for _ in range(5):
            make_response(session, wave, school, answers={"communication": "5"})
    make_response(session, wave, schools[0], answers={"communication": "5"})  # one named: never shown
    session.commit()
    board = build_dashboard(session, survey, WHOLE, AggregateCache())
    assert set(board.scope.columns) == {groups["primary-north"].id, groups["secondary"].id}
    assert board.scope.named == [schools[2].id, schools[3].id]
    assert board.heatmap[("communication", schools[2].id)].n == 5
    assert schools[0].id not in board.scope.named
