"""Wave pages: open now or schedule, move the closing date, close, and reopen with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent, Invitation, Wave
from tests.factories import make_invitation, make_survey, make_unit, make_wave
from tests.pages import check_page
from tests.surveyapp.admin.helpers import banner, date_fields, errors, post_form


@pytest.fixture
def survey(session: Any) -> Any:
    found = make_survey(
        session, key="pulse", title="Monthly staff pulse", audience=[make_unit(session, key="mash")]
    )
    session.commit()
    return found


def _wave(session: Any, number: int) -> Wave:
    session.expire_all()
    return session.scalar(select(Wave).where(Wave.number == number))


def test_a_wave_opening_today_opens_straight_away(admin_client: Any, session: Any, survey: Any) -> None:
    today = dt.date.today()
    page = check_page(admin_client.get("/admin/surveys/pulse/waves/new").data)
    assert page.find("input", attrs={"id": "opens_on-day"})["value"] == f"{today.day:02d}"
    closes = today + dt.timedelta(days=13)
    response = post_form(
        admin_client,
        "/admin/surveys/pulse/waves/new",
        {**date_fields("opens_on", today), **date_fields("closes_on", closes)},
    )
    assert response.status_code == 302 and response.location == "/admin/surveys/pulse/waves/1"
    wave = _wave(session, 1)
    assert (wave.status, wave.opens_on, wave.closes_on) == ("open", today, closes)
    assert "Wave 1 is open." in banner(admin_client, "/admin/surveys/pulse/waves/1")


def test_a_later_wave_is_scheduled_and_can_be_opened_early(
    admin_client: Any, session: Any, survey: Any
) -> None:
    today = dt.date.today()
    opens = today + dt.timedelta(days=7)
    fields = {**date_fields("opens_on", opens), **date_fields("closes_on", opens + dt.timedelta(days=13))}
    post_form(admin_client, "/admin/surveys/pulse/waves/new", fields)
    assert _wave(session, 1).status == "draft"
    page = check_page(admin_client.get("/admin/surveys/pulse/waves/1").data)
    assert "Open wave 1 now" in page.get_text()
    post_form(admin_client, "/admin/surveys/pulse/waves/1/open", {}, form_page="/admin/surveys/pulse/waves/1")
    wave = _wave(session, 1)
    assert (wave.status, wave.opens_on) == ("open", today)


def test_the_wave_form_explains_its_mistakes(admin_client: Any, session: Any, survey: Any) -> None:
    today = dt.date.today()
    make_wave(session, survey, number=1)
    session.commit()
    fields = {**date_fields("opens_on", today), "closes_on": ["", "", ""]}
    assert errors(post_form(admin_client, "/admin/surveys/pulse/waves/new", fields)) == [
        "Enter the date the wave closes"
    ]
    backwards = {**date_fields("opens_on", today), **date_fields("closes_on", today - dt.timedelta(days=1))}
    assert errors(post_form(admin_client, "/admin/surveys/pulse/waves/new", backwards)) == [
        "Closes on must be the same as or after the opening date"
    ]
    clash = {**date_fields("opens_on", today), **date_fields("closes_on", today)}
    assert errors(post_form(admin_client, "/admin/surveys/pulse/waves/new", clash)) == [
        "This survey already has an open wave: close it first, or choose a later date"
    ]


def test_closing_asks_first_then_deletes_the_addresses(admin_client: Any, session: Any, survey: Any) -> None:
    wave = make_wave(session, survey, number=1)
    invitation, _token = make_invitation(session, wave, survey.audience[0])
    invitation.email = "ana@council.test"
    session.commit()
    confirm = check_page(admin_client.get("/admin/surveys/pulse/waves/1/close").data)
    assert "The 1 invitation email addresses held for this wave will be deleted" in confirm.get_text()
    response = post_form(admin_client, "/admin/surveys/pulse/waves/1/close", {})
    assert response.status_code == 302
    assert _wave(session, 1).status == "closed"
    assert session.scalar(select(Invitation.email)) is None
    assert "addresses have been deleted" in banner(admin_client, "/admin/surveys/pulse/waves/1")


def test_reopening_needs_a_reason_which_is_audited(admin_client: Any, session: Any, survey: Any) -> None:
    today = dt.date.today()
    wave = make_wave(session, survey, number=1, status="analysed", opens_on=today - dt.timedelta(days=30))
    session.commit()
    page = check_page(admin_client.get("/admin/surveys/pulse/waves/1/reopen").data)
    assert "already been analysed" in page.get_text()
    closes = today + dt.timedelta(days=3)
    missing = post_form(
        admin_client,
        "/admin/surveys/pulse/waves/1/reopen",
        {"reason": "  ", **date_fields("closes_on", closes)},
    )
    assert errors(missing) == ["Enter why you are reopening the wave"]
    assert _wave(session, 1).status == "analysed"
    past = post_form(
        admin_client,
        "/admin/surveys/pulse/waves/1/reopen",
        {"reason": "x", **date_fields("closes_on", today - dt.timedelta(days=1))},
    )
    assert errors(past) == ["The new closing date must be today or later"]

    reason = "Two teams were on a training day in the last week"
    response = post_form(
        admin_client,
        "/admin/surveys/pulse/waves/1/reopen",
        {"reason": reason, **date_fields("closes_on", closes)},
    )
    assert response.status_code == 302
    wave = _wave(session, 1)
    assert (wave.status, wave.closes_on, wave.reopen_reason) == ("open", closes, reason)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "wave.reopen"))
    assert event.detail["reason"] == reason and event.detail["previous_status"] == "analysed"
    assert reason in check_page(admin_client.get("/admin/surveys/pulse/waves/1").data).get_text()


def test_the_closing_date_can_move(admin_client: Any, session: Any, survey: Any) -> None:
    today = dt.date.today()
    make_wave(session, survey, number=1)
    session.commit()
    later = today + dt.timedelta(days=20)
    response = post_form(
        admin_client, "/admin/surveys/pulse/waves/1/closing-date", date_fields("closes_on", later)
    )
    assert response.status_code == 302 and _wave(session, 1).closes_on == later
    past = post_form(
        admin_client,
        "/admin/surveys/pulse/waves/1/closing-date",
        date_fields("closes_on", today - dt.timedelta(days=1)),
    )
    assert errors(past) == [
        "The new closing date must be today or later; to stop answers now, close the wave"
    ]
