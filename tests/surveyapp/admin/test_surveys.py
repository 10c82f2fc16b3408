"""Survey pages: create from a shipped questionnaire, see it, change it (anonymity stays once answered)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent, Survey
from tests.factories import make_response, make_survey, make_unit, make_wave
from tests.pages import check_page
from tests.surveyapp.admin.helpers import banner, errors, post_form


@pytest.fixture
def teams(session: Any) -> list[Any]:
    area = make_unit(session, key="front-door", name="Front door", kind="service_area")
    found = [make_unit(session, key=k, name=n, parent=area) for k, n in (("mash", "MASH"), ("duty", "Duty"))]
    session.commit()
    return found


def _survey_fields(teams: list[Any], **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": "Monthly staff pulse",
        "key": "pulse",
        "questionnaire": "staff-pulse",
        "audience": [str(t.id) for t in teams],
        "cadence": "monthly",
        "anonymity_mode": "anonymous",
        "reporting_threshold": "5",
        "text_threshold": "10",
        "wave_length_days": "14",
        "next_wave_opens_on": ["", "", ""],
    }
    fields.update(overrides)
    return fields


def test_the_create_form_offers_the_shipped_questionnaires_and_units(
    admin_client: Any, teams: list[Any]
) -> None:
    page = check_page(admin_client.get("/admin/surveys/new").data)
    questionnaires = {i["value"] for i in page.select("input[name=questionnaire]")}
    assert {"staff-pulse", "partnership-feedback"} <= questionnaires
    labels = [
        label.get_text(strip=True) for label in page.select("#audience ~ label, .govuk-checkboxes__label")
    ]
    assert "Front door › MASH" in labels
    assert page.find("input", attrs={"name": "reporting_threshold"})["value"] == "5"


def test_creating_a_survey(admin_client: Any, session: Any, teams: list[Any]) -> None:
    fields = _survey_fields(teams, next_wave_opens_on=["1", "3", "2027"])
    response = post_form(admin_client, "/admin/surveys/new", fields)
    assert response.status_code == 302 and response.location == "/admin/surveys/pulse"
    survey = session.scalar(select(Survey).where(Survey.key == "pulse"))
    assert survey.questionnaire.key == "staff-pulse"
    assert sorted(u.key for u in survey.audience) == ["duty", "mash"]
    assert survey.next_wave_opens_on == dt.date(2027, 3, 1)
    assert "Monthly staff pulse has been created." in banner(admin_client, "/admin/surveys/pulse")
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.action == "survey.create"))


def test_the_create_form_explains_each_mistake(admin_client: Any, session: Any, teams: list[Any]) -> None:
    make_survey(session, key="pulse", audience=teams)
    session.commit()
    fields = _survey_fields(
        teams,
        key="pulse",
        audience=[],
        reporting_threshold="2",
        text_threshold="1",
        wave_length_days="0",
        next_wave_opens_on=["31", "2", "2027"],
    )
    del fields["cadence"]
    assert errors(post_form(admin_client, "/admin/surveys/new", fields)) == [
        "Choose at least one unit",
        "Choose how often the survey runs",
        "Reporting threshold must be 3 or more",
        "Comments threshold must be 3 or more",
        "A wave must be open for between 1 and 120 days",
        "The next wave's opening date must be a real date, like 27 3 2027",
    ]
    clash = post_form(admin_client, "/admin/surveys/new", _survey_fields(teams, key="pulse"))
    assert errors(clash) == ["There is already a survey with the key pulse"]


def test_comments_threshold_cannot_be_below_the_reporting_threshold(
    admin_client: Any, teams: list[Any]
) -> None:
    response = post_form(
        admin_client, "/admin/surveys/new", _survey_fields(teams, reporting_threshold="6", text_threshold="5")
    )
    assert errors(response) == ["Comments threshold must be at least the reporting threshold"]


def test_the_survey_page_summarises_settings_and_waves(
    admin_client: Any, session: Any, teams: list[Any]
) -> None:
    survey = make_survey(session, key="pulse", title="Monthly staff pulse", audience=teams)
    make_wave(session, survey, status="closed", number=1)
    make_wave(session, survey, status="open", number=2)
    session.commit()
    page = check_page(admin_client.get("/admin/surveys/pulse").data)
    summary = {
        row.find("dt").get_text(strip=True): row.find("dd").get_text(" ", strip=True)
        for row in page.select(".govuk-summary-list__row")
    }
    assert summary["Reporting threshold"] == "5 responses"
    assert summary["Anonymity"].startswith("Anonymous")
    assert [r.find("th").get_text(strip=True) for r in page.select("table")[0].select("tbody tr")] == [
        "Wave 2",
        "Wave 1",
    ]


def test_changing_a_survey_is_audited_with_what_changed(
    admin_client: Any, session: Any, teams: list[Any]
) -> None:
    make_survey(session, key="pulse", title="Pulse", audience=teams)
    session.commit()
    page = check_page(admin_client.get("/admin/surveys/pulse/edit").data)
    assert page.find("input", attrs={"name": "key"}) is None  # the key is fixed
    fields = _survey_fields(teams, title="Pulse", reporting_threshold="6", text_threshold="12")
    del fields["key"], fields["questionnaire"]
    assert post_form(admin_client, "/admin/surveys/pulse/edit", fields).status_code == 302
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "survey.update"))
    assert event.detail["changed"] == ["reporting_threshold", "text_threshold"]
    assert event.detail["changes"]["reporting_threshold"] == [5, 6]


def test_anonymity_cannot_be_switched_off_once_there_are_answers(
    admin_client: Any, session: Any, teams: list[Any]
) -> None:
    survey = make_survey(session, key="pulse", audience=teams)
    make_response(session, make_wave(session, survey), teams[0])
    session.commit()
    page = check_page(admin_client.get("/admin/surveys/pulse/edit").data)
    assert "must stay anonymous" in page.get_text()
    fields = _survey_fields(teams, anonymity_mode="confidential-partner")
    del fields["key"], fields["questionnaire"]
    response = post_form(admin_client, "/admin/surveys/pulse/edit", fields)
    assert errors(response) == ["Anonymity cannot be switched off once the survey has answers"]
    session.expire_all()
    assert session.scalar(select(Survey.anonymity_mode)) == "anonymous"
