"""The dashboard, board pack, actions and public 'you said, we did' pages pass axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, complete_mfa, submit
from tests.factories import (
    DEFAULT_PASSWORD,
    make_action,
    make_scored_org,
    make_theme,
    make_theme_stat,
    make_user,
)


@pytest.fixture
def insight_data(session: Any) -> dict[str, Any]:
    org = make_scored_org(session, {"Assessment": {"A1": 12, "A2": 2}, "Care": {"C1": 10, "C2": 3}}, waves=3)
    theme = make_theme(session, org["survey"], label="Caseloads and cover")
    for wave, count in zip(org["waves"], (10, 12, 20), strict=True):
        make_theme_stat(
            session, theme, wave, comment_count=count, share=count / 40, significant=count == 20, change=0.2
        )
    action = make_action(session, org["survey"])
    make_action(session, org["survey"], published_on=org["waves"][-1].closes_on, we_did="Published one")
    make_user(session, role="leader", email="lee@council.test")
    session.commit()
    return {"survey": org["survey"], "action": action}


def _sign_in(page: Any, base: str) -> None:
    page.goto(base + "/sign-in")
    page.fill("#email", "lee@council.test")
    page.fill("#password", DEFAULT_PASSWORD)
    submit(page, "button:has-text('Sign in')")
    complete_mfa(page)


def test_insights_pages_have_no_axe_violations(
    live_server: Any, page: Any, insight_data: dict[str, Any]
) -> None:
    base = live_server.url
    key = insight_data["survey"].key
    _sign_in(page, base)
    for path in (
        f"/insights/{key}",
        f"/insights/{key}/waves/3/board-pack",
        f"/insights/{key}/actions",
        f"/insights/{key}/actions/new",
        f"/insights/{key}/actions/{insight_data['action'].id}/edit",
        f"/insights/{key}/compare",
        f"/you-said-we-did/{key}",
    ):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        page.locator("details").evaluate_all("(all) => all.forEach((d) => d.open = true)")
        assert_accessible(page)


def test_dashboard_fits_a_phone(live_server: Any, phone_page: Any, insight_data: dict[str, Any]) -> None:
    base = live_server.url
    _sign_in(phone_page, base)
    phone_page.goto(f"{base}/insights/{insight_data['survey'].key}")
    assert_no_horizontal_scroll(phone_page)
