"""Aggregates for insights: correct figures, hidden groups, and changes shown only when safe."""

from __future__ import annotations

from typing import Any

import pytest

from questionnaires.schema import Question
from surveyapp.services.aggregates import AggregateCache, SurveyAggregates, measure, two_proportion_p_value
from tests.factories import make_response, make_survey, make_unit, make_wave


@pytest.fixture
def org(session: Any) -> dict[str, Any]:
    directorate = make_unit(session, kind="directorate", key="dir", headcount=60)
    area = make_unit(session, kind="service_area", key="area", parent=directorate, headcount=40)
    big = make_unit(session, key="big", parent=area, headcount=20)
    small = make_unit(session, key="small", parent=area, headcount=5)
    other = make_unit(session, key="other", parent=directorate, headcount=20)
    survey = make_survey(session, audience=[big, small, other])
    return {"dir": directorate, "area": area, "big": big, "small": small, "other": other, "survey": survey}


def _answers(caseload: str, recommend: str = "8") -> dict[str, str]:
    return {"caseload": caseload, "recommend": recommend}


def test_percent_favourable_mean_and_enps() -> None:
    likert = Question(key="q", type="likert5", text="Q")
    result = measure(likert, {"5": 2, "4": 1, "2": 1})
    assert result.n == 4 and result.favourable == 0.75 and result.mean == pytest.approx(4.0)
    scale = Question(key="r", type="scale0_10", text="R")
    result = measure(scale, {"10": 3, "9": 1, "7": 2, "3": 4})
    assert result.enps == pytest.approx(100 * (4 - 4) / 10)


def test_small_team_hidden_and_its_sibling_too_but_the_area_shown(session: Any, org: dict[str, Any]) -> None:
    wave = make_wave(session, org["survey"], status="closed")
    for _ in range(12):
        make_response(session, wave, org["big"], answers=_answers("4"))
    for _ in range(2):
        make_response(session, wave, org["small"], answers=_answers("1"))
    for _ in range(9):
        make_response(session, wave, org["other"], answers=_answers("2"))
    session.commit()
    aggregates = SurveyAggregates(session, org["survey"])
    assert aggregates.responses(wave, org["small"].id) is None
    assert aggregates.responses(wave, org["big"].id) is None  # else small = area − big
    assert aggregates.responses(wave, org["area"].id) == 14
    assert aggregates.responses(wave, org["dir"].id) == 23
    caseload = next(q for q in aggregates.scored_questions(wave) if q.key == "caseload")
    assert aggregates.question(wave, org["small"].id, caseload).hidden
    area = aggregates.question(wave, org["area"].id, caseload)
    assert area.n == 14 and area.favourable == pytest.approx(12 / 14)
    assert aggregates.response_rate(wave, org["area"].id) == pytest.approx(14 / 40)


def test_change_shown_and_tested_only_when_sizes_allow(session: Any, org: dict[str, Any]) -> None:
    first = make_wave(session, org["survey"], status="closed", number=1)
    second = make_wave(session, org["survey"], status="closed", number=2)
    for _ in range(20):
        make_response(session, first, org["other"], answers=_answers("2"))
    for _ in range(20):
        make_response(session, second, org["other"], answers=_answers("5"))
    for wave, big_count in ((first, 10), (second, 12)):  # the area moves by 2 < k
        for _ in range(big_count):
            make_response(session, wave, org["big"], answers=_answers("2" if wave is first else "5"))
        for _ in range(5):
            make_response(session, wave, org["small"], answers=_answers("3"))
    session.commit()
    aggregates = SurveyAggregates(session, org["survey"])
    caseload = next(q for q in aggregates.scored_questions(second) if q.key == "caseload")
    change = aggregates.change(second, org["other"].id, caseload)
    assert change.points == pytest.approx(100.0) and change.significant
    blocked = aggregates.change(second, org["area"].id, caseload)
    assert blocked.points is None and "fewer than 5" in blocked.reason


def test_closed_waves_are_counted_once_and_cached(session: Any, org: dict[str, Any]) -> None:
    wave = make_wave(session, org["survey"], status="closed")
    for unit in ("big", "small", "other"):
        for _ in range(6):
            make_response(session, wave, org[unit], answers=_answers("4"))
    session.commit()
    cache = AggregateCache()
    SurveyAggregates(session, org["survey"], cache)
    queries: list[str] = []
    from sqlalchemy import event

    engine = session.get_bind()
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert SurveyAggregates(session, org["survey"], cache).responses(wave, org["other"].id) == 6
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert not any("GROUP BY" in q for q in queries), "a cached closed wave was counted again"
    # Reopened, answered and closed again: the cheap check notices and the wave is recounted.
    make_response(session, wave, org["other"], answers=_answers("4"))
    session.commit()
    assert SurveyAggregates(session, org["survey"], cache).responses(wave, org["other"].id) == 7


def test_two_proportion_p_value_matches_known_values() -> None:
    assert two_proportion_p_value(50, 100, 50, 100) == pytest.approx(1.0)
    assert two_proportion_p_value(30, 100, 50, 100) == pytest.approx(0.00382, rel=0.02)
