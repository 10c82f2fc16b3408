"""Survey links: where they lead, and the kind pages for links that cannot be answered."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import make_invitation, make_open_link, make_survey, make_unit, make_wave
from tests.pages import check_page


@pytest.fixture
def staff_survey(session: Any) -> Any:
    unit = make_unit(session, name="Area team North")
    survey = make_survey(session, audience=[unit], title="Monthly staff pulse")
    return survey, unit


def test_an_invitation_link_shows_the_survey_and_its_questions(
    session: Any, client: Any, staff_survey: Any
) -> None:
    survey, unit = staff_survey
    wave = make_wave(session, survey)
    _invitation, token = make_invitation(session, wave, unit)
    session.commit()
    response = client.get(f"/s/{token}")
    assert response.status_code == 200
    page = check_page(response.data)
    assert page.h1.get_text(strip=True) == "Monthly staff pulse"
    start = page.find("a", class_="govuk-button--start")
    questions = check_page(client.get(start["href"]).data)
    assert "What one change would most help you do your job well?" in questions.get_text()


def test_an_open_link_leads_to_the_open_wave(session: Any, client: Any, staff_survey: Any) -> None:
    survey, _unit = staff_survey
    make_wave(
        session,
        survey,
        status="closed",
        number=1,
        opens_on=dt.date(2026, 1, 6),
        closes_on=dt.date(2026, 1, 20),
    )
    make_wave(session, survey, status="open", number=2, closes_on=dt.date.today() + dt.timedelta(days=9))
    make_open_link(session, survey, slug="team-event")
    session.commit()
    page = check_page(client.get("/s/team-event").data)
    closes = (dt.date.today() + dt.timedelta(days=9)).strftime("%-d %B %Y")
    assert f"This round closes on {closes}" in page.get_text()


@pytest.mark.parametrize(
    ("setup", "status", "heading"),
    [
        ("unknown", 404, "This survey link does not work"),
        ("used", 410, "This survey link has already been used"),
        ("closed", 410, "This survey has closed"),
        ("draft", 404, "This survey is not open yet"),
        ("open_link_no_wave", 410, "This survey has closed"),
    ],
)
def test_links_that_cannot_be_answered_say_so_kindly(
    session: Any, client: Any, staff_survey: Any, setup: str, status: int, heading: str
) -> None:
    survey, unit = staff_survey
    path = "/s/not-a-real-link-at-all"
    if setup == "used":
        _inv, token = make_invitation(session, make_wave(session, survey), unit, used=True)
        path = f"/s/{token}"
    elif setup in ("closed", "draft"):
        _inv, token = make_invitation(session, make_wave(session, survey, status=setup), unit)
        path = f"/s/{token}"
    elif setup == "open_link_no_wave":
        make_wave(session, survey, status="closed")
        make_open_link(session, survey, slug="old-event")
        path = "/s/old-event"
    session.commit()
    response = client.get(path)
    assert response.status_code == status
    page = check_page(response.data)
    assert page.h1.get_text(strip=True) == heading
    assert "question" not in page.get_text().lower()  # no hint of the survey's contents or answers
