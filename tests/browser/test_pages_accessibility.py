"""Every page a respondent can reach passes axe-core's WCAG 2.2 A/AA rules, on a laptop and at 320px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import make_invitation, make_open_link, make_survey, make_unit, make_wave


@pytest.fixture
def links(session: Any) -> dict[str, str]:
    unit = make_unit(session, name="Area team North")
    survey = make_survey(session, audience=[unit], title="Monthly staff pulse")
    wave = make_wave(session, survey)
    _inv, fresh = make_invitation(session, wave, unit)
    _inv, used = make_invitation(session, wave, unit, used=True)
    closed_survey = make_survey(session, audience=[unit], title="Old survey")
    _inv, closed = make_invitation(session, make_wave(session, closed_survey, status="closed"), unit)
    make_open_link(session, survey, slug="team-event")
    session.commit()
    return {
        "about": "/",
        "privacy": "/privacy",
        "survey by invitation": f"/s/{fresh}",
        "survey by open link": "/s/team-event",
        "used link": f"/s/{used}",
        "closed survey": f"/s/{closed}",
        "unknown link": "/s/no-such-link",
        "not found": "/missing-page",
    }


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_respondent_pages_have_no_axe_violations(
    live_server: Any, page: Any, phone_page: Any, links: dict[str, str], viewport: str
) -> None:
    tab = page if viewport == "laptop" else phone_page
    for path in links.values():
        tab.goto(live_server.url + path)
        assert tab.locator("link[rel=stylesheet]").count() == 1
        assert_accessible(tab)
        if viewport == "phone":
            assert_no_horizontal_scroll(tab)


def test_pages_use_the_council_stylesheet_not_govuk_fonts(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" not in font and "system-ui" in font
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
