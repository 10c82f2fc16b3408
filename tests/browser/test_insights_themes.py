"""Theme pages, the comment explorer and the moderation queue pass axe-core (WCAG 2.2 AA) and fit 320px."""

from __future__ import annotations

from typing import Any

import pytest

from surveyapp.services.analysis_runs import run_analysis
from surveyapp.services.themes import listed_themes
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, complete_mfa, submit
from tests.factories import DEFAULT_PASSWORD, make_commented_survey, make_flagged_comment, make_user


@pytest.fixture
def analysed(session: Any) -> dict[str, Any]:
    survey = make_commented_survey(session, key="pulse", title="Staff pulse", comments_per_team=15)
    session.commit()
    run_analysis(session, survey)
    team = survey.audience[0].children[0].children[0]
    flagged = make_flagged_comment(session, survey.waves[0], team)
    make_user(session, role="admin", email="ada@council.test")
    session.commit()
    return {"survey": survey, "theme": listed_themes(session, survey)[0], "flagged": flagged}


def _sign_in(page: Any, base: str) -> None:
    page.goto(base + "/sign-in")
    page.fill("#email", "ada@council.test")
    page.fill("#password", DEFAULT_PASSWORD)
    submit(page, "button:has-text('Sign in')")
    complete_mfa(page)


def _paths(data: dict[str, Any]) -> list[str]:
    key, theme = data["survey"].key, data["theme"]
    return [
        f"/insights/{key}/themes",
        f"/insights/{key}/themes/{theme.id}",
        f"/insights/{key}/comments",
        f"/insights/{key}/comments?q=zzzz-no-match",
        "/admin/moderation",
        f"/admin/moderation/{data['flagged'].id}",
    ]


def test_theme_explorer_and_moderation_pages_have_no_axe_violations(
    live_server: Any, page: Any, analysed: dict[str, Any]
) -> None:
    base = live_server.url
    _sign_in(page, base)
    for path in _paths(analysed):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # An error state too: renaming to nothing.
    page.goto(base + f"/insights/{analysed['survey'].key}/themes/{analysed['theme'].id}")
    page.fill("#label", "")
    submit(page, "button:has-text('Rename theme')")
    assert page.locator(".govuk-error-summary").count() == 1
    assert_accessible(page)


def test_pages_fit_a_phone(live_server: Any, phone_page: Any, analysed: dict[str, Any]) -> None:
    base = live_server.url
    _sign_in(phone_page, base)
    for path in _paths(analysed):
        phone_page.goto(base + path)
        assert_no_horizontal_scroll(phone_page)
