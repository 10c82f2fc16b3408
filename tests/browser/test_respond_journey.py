"""The respondent journey in a real browser: axe-core on every page, keyboard only, and no JavaScript."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from surveyapp.models import Action, Response
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, submit
from tests.factories import (
    make_invitation,
    make_open_link,
    make_partner_survey,
    make_survey,
    make_unit,
    make_wave,
)

LIKERT_KEYS = (
    "caseload",
    "supervision",
    "practice_model",
    "leaders_visible",
    "feedback_acted_on",
    "recording_system",
    "wellbeing",
)


@pytest.fixture
def links(session: Any) -> dict[str, Any]:
    """Every kind of link a respondent can hold."""
    north = make_unit(session, name="Area team North")
    south = make_unit(session, name="Area team South")
    survey = make_survey(session, audience=[north, south], title="Monthly staff pulse")
    wave = make_wave(session, survey)
    fresh = [make_invitation(session, wave, north)[1] for _ in range(4)]
    _inv, used = make_invitation(session, wave, north, used=True)
    make_open_link(session, survey, slug="team-event")
    session.add(
        Action(
            survey=survey,
            you_said="You rarely see senior leaders.",
            we_did="Every Assistant Director now spends a morning a month in a team.",
            owner="Director of Children's Services",
            published_on=dt.date.today() - dt.timedelta(days=3),
        )
    )
    old = make_survey(session, audience=[north], title="Old survey")
    _inv, closed = make_invitation(session, make_wave(session, old, status="closed"), north)
    later = make_survey(session, audience=[north], title="Next survey")
    _inv, not_open = make_invitation(session, make_wave(session, later, status="draft"), north)
    partner_survey, _groups, schools = make_partner_survey(session)
    partner_wave = make_wave(session, partner_survey)
    _inv, partner = make_invitation(session, partner_wave, schools[0])
    make_open_link(session, partner_survey, slug="heads-briefing")
    session.commit()
    return {
        "fresh": fresh,
        "used": used,
        "closed": closed,
        "not_open": not_open,
        "partner": partner,
        "south": south.id,
    }


@pytest.fixture
def no_js_page(chromium: Any) -> Iterator[Any]:
    """A tab with JavaScript switched off."""
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    yield tab
    context.close()


def _responses(session: Any) -> int:
    session.rollback()
    return session.scalar(select(func.count()).select_from(Response))


def _answer_everything(tab: Any) -> None:
    for key in LIKERT_KEYS:
        tab.check(f"#q_{key}-4")
    tab.check("#q_recommend-8")
    tab.fill("#q_working_well", "Our team looks after each other.")


def _check(tab: Any, phone: bool) -> None:
    assert_accessible(tab)
    if phone:
        assert_no_horizontal_scroll(tab)


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_every_respondent_page_has_no_axe_violations(
    live_server: Any, page: Any, phone_page: Any, links: dict[str, Any], viewport: str
) -> None:
    phone = viewport == "phone"
    tab = phone_page if phone else page
    base = live_server.url
    token = links["fresh"][0]

    tab.goto(f"{base}/s/{token}")  # start page
    _check(tab, phone)
    submit(tab, "text=Start now")  # question page
    assert tab.locator("h1").inner_text() == "Monthly staff pulse"
    _check(tab, phone)
    submit(tab, "button:has-text('Send answers')")  # page with errors
    assert tab.title().startswith("Error: ")
    assert tab.locator(".govuk-error-summary").is_visible()
    _check(tab, phone)
    _answer_everything(tab)
    submit(tab, "button:has-text('Send answers')")  # confirmation
    assert tab.locator("h1").inner_text() == "Thank you"
    assert "Every Assistant Director" in tab.content()
    _check(tab, phone)

    tab.goto(f"{base}/s/team-event/questions")  # open link: choose your team
    _check(tab, phone)
    _answer_everything(tab)
    tab.check(f"input[name=unit][value='{links['south']}']")
    submit(tab, "button:has-text('Send answers')")
    tab.goto(f"{base}/s/team-event")  # already answered from this device
    assert tab.locator("h1").inner_text() == "You have already answered this survey"
    _check(tab, phone)

    tab.goto(f"{base}/s/{links['partner']}/questions")  # partner: may name their school
    _check(tab, phone)
    tab.goto(f"{base}/s/heads-briefing/questions")  # partner open link: group, and organisation if named
    tab.check("#name_organisation")
    assert tab.locator("#organisation").is_visible()
    _check(tab, phone)

    for key, heading in (
        ("used", "This survey link has already been used"),
        ("closed", "This survey has closed"),
        ("not_open", "This survey is not open yet"),
    ):
        reply = tab.goto(f"{base}/s/{links[key]}")
        assert reply.status in (404, 410) and tab.locator("h1").inner_text() == heading
        _check(tab, phone)
    reply = tab.goto(f"{base}/s/no-such-link")
    assert reply.status == 404
    _check(tab, phone)


def _tab_to(tab: Any, selector_js: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches ``selector_js`` (a CSS selector)."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector_js):
            return
    raise AssertionError(f"never reached {selector_js} with the Tab key")


def test_the_form_can_be_completed_with_the_keyboard_alone(
    live_server: Any, page: Any, session: Any, links: dict[str, Any]
) -> None:
    token = links["fresh"][1]
    page.goto(f"{live_server.url}/s/{token}")
    _tab_to(page, "a.govuk-button--start")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/s/{token}/questions")
    for key in LIKERT_KEYS:
        _tab_to(page, f"input[name=q_{key}]")  # Tab lands on the first radio of each group
        page.keyboard.press("Space")  # select it ("Strongly disagree")...
        page.keyboard.press("ArrowDown")  # ...then arrow keys move the choice: "Disagree"
    _tab_to(page, "input[name=q_recommend]")
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("ArrowRight")  # 0 → 6
    _tab_to(page, "#q_one_change")
    page.keyboard.type("More time for direct work.")
    _tab_to(page, "button.govuk-button")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/s/{token}/done")
    assert page.locator("h1").inner_text() == "Thank you"

    session.rollback()
    response = session.scalars(select(Response)).one()
    values = {a.question_key: a.value for a in response.answers}
    assert values == {**dict.fromkeys(LIKERT_KEYS, "2"), "recommend": "6"}
    assert [c.text for c in response.comments] == ["More time for direct work."]


def test_the_journey_works_without_javascript(
    live_server: Any, no_js_page: Any, session: Any, links: dict[str, Any]
) -> None:
    tab = no_js_page
    tab.goto(f"{live_server.url}/s/team-event")
    assert not tab.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    submit(tab, "text=Start now")
    # Without JavaScript the character count is plain text and the form still validates on the server.
    assert "You can enter up to 2,000 characters" in tab.content()
    submit(tab, "button:has-text('Send answers')")
    assert tab.title().startswith("Error: ")
    assert tab.locator(".govuk-error-summary a").count() == 9  # the team and eight questions
    assert _responses(session) == 0
    _answer_everything(tab)
    tab.check(f"input[name=unit][value='{links['south']}']")
    submit(tab, "button:has-text('Send answers')")
    assert tab.locator("h1").inner_text() == "Thank you"
    assert _responses(session) == 1

    tab.goto(f"{live_server.url}/s/heads-briefing/questions")
    assert tab.locator("#organisation").is_visible()  # the "name my organisation" choice is not hidden
