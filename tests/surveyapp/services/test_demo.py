"""The demo council: realistic in size, telling a story over six waves, and the same every time."""

from __future__ import annotations

import datetime as dt
import re
from statistics import mean
from typing import Any

import pytest
from sqlalchemy import func, select

from surveyapp.models import Action, Answer, Comment, Response, Survey, Unit, User, Wave
from surveyapp.services.demo import DEMO_ACCOUNTS, DemoAlreadySeeded, seed_demo
from surveyapp.services.invitations import resolve_link
from surveyapp.services.users import check_password

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def demo(session: Any) -> Any:
    seed_demo(session, password="demo-password-for-tests", today=TODAY)
    session.commit()
    return session


def _staff_waves(session: Any) -> list[Wave]:
    survey = session.scalar(select(Survey).where(Survey.key == "staff-pulse"))
    return list(survey.waves)


def _comments(session: Any, wave: Wave) -> list[str]:
    return list(session.scalars(select(Comment.text).join(Response).where(Response.wave_id == wave.id)))


def test_six_past_waves_of_120_to_200_responses_and_an_open_wave(demo: Any) -> None:
    waves = _staff_waves(demo)
    assert [w.status for w in waves] == ["closed"] * 6 + ["open"]
    for wave in waves[:6]:
        count = demo.scalar(select(func.count()).select_from(Response).where(Response.wave_id == wave.id))
        assert 120 <= count <= 200, (wave.number, count)
    assert waves[-1].opens_on <= TODAY <= waves[-1].closes_on
    target = resolve_link(demo, "demo-staff-pulse")
    assert target.wave.id == waves[-1].id


def test_organisation_has_the_service_areas_and_forty_schools(demo: Any) -> None:
    names = set(demo.scalars(select(Unit.name).where(Unit.kind == "service_area")))
    assert {
        "Front door and MASH",
        "Assessment",
        "Children in care",
        "Leaving care",
        "Early help hubs",
    } <= names
    schools = demo.scalars(select(Unit).where(Unit.kind == "partner", Unit.key.like("school-%"))).all()
    assert len(schools) == 40
    assert {s.partner_type for s in schools} == {"primary", "secondary", "special", "alternative_provision"}
    assert demo.scalar(
        select(func.count()).select_from(Unit).where(Unit.partner_type.in_(["health", "police"]))
    )


def test_partnership_has_two_termly_waves_and_schools_named_only_by_choice(demo: Any) -> None:
    survey = demo.scalar(select(Survey).where(Survey.key == "partnership-feedback"))
    assert survey.anonymity_mode == "confidential-partner"
    closed = [w for w in survey.waves if w.status == "closed"]
    assert len(closed) == 2
    responses = demo.scalars(select(Response).join(Wave).where(Wave.survey_id == survey.id)).all()
    assert responses
    for response in responses:
        # Unnamed answers are filed under a phase/area group, never under the school itself.
        assert (response.unit.kind == "partner") == response.organisation_named
    groups = demo.scalars(select(Unit).where(Unit.kind == "partner_group", Unit.parent_id.is_not(None))).all()
    assert all(group.headcount >= 2 for group in groups)


def test_scores_tell_the_story_caseloads_ease_and_the_new_system_dips(demo: Any) -> None:
    waves = _staff_waves(demo)

    def wave_mean(question: str, wave: Wave) -> float:
        average = select(func.avg(Answer.numeric_value)).join(Response)
        return float(demo.scalar(average.where(Response.wave_id == wave.id, Answer.question_key == question)))

    caseload = [wave_mean("caseload", w) for w in waves[:6]]
    assert caseload[5] - caseload[0] > 0.7
    recording = [wave_mean("recording_system", w) for w in waves[:6]]
    assert recording[4] < mean(recording[:4]) - 0.6
    leaders = [wave_mean("leaders_visible", w) for w in waves[:6]]
    assert mean(leaders[3:]) - mean(leaders[:3]) > 0.6


def test_comments_drift_and_some_carry_personal_data_for_redaction(demo: Any) -> None:
    waves = _staff_waves(demo)
    early = " ".join(_comments(demo, waves[0]) + _comments(demo, waves[1])).lower()
    late = " ".join(_comments(demo, waves[4]) + _comments(demo, waves[5])).lower()
    assert late.count("atlas") > 3 * max(1, early.count("atlas"))
    all_text = [t for w in waves for t in _comments(demo, w)]
    assert len(set(all_text)) > 0.7 * len(all_text)
    phone = re.compile(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b|\b07700 ?900 ?\d{3}\b")
    with_personal = [t for t in all_text if phone.search(t) or "@example." in t]
    assert with_personal


def test_demo_accounts_for_every_role_and_published_actions(demo: Any) -> None:
    for email, _name, role in DEMO_ACCOUNTS:
        user = demo.scalar(select(User).where(User.email == email))
        assert user.role == role and check_password(user, "demo-password-for-tests")
    published = demo.scalars(select(Action).where(Action.published_on.is_not(None))).all()
    assert len(published) >= 3 and all(a.published_on <= TODAY for a in published)


def test_seeding_twice_is_refused(demo: Any) -> None:
    with pytest.raises(DemoAlreadySeeded):
        seed_demo(demo, password="demo-password-for-tests", today=TODAY)


def test_the_demo_is_the_same_every_time(session: Any) -> None:
    seed_demo(session, password="demo-password-for-tests", today=TODAY, seed=7)
    first = sorted(session.scalars(select(Comment.text)))
    session.rollback()
    seed_demo(session, password="demo-password-for-tests", today=TODAY, seed=7)
    assert sorted(session.scalars(select(Comment.text))) == first
    session.rollback()
