"""The response-rate page updates itself while open (JavaScript on), without reloading."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import complete_mfa, submit
from tests.factories import DEFAULT_PASSWORD, make_response, make_survey, make_unit, make_user, make_wave


def test_figures_update_without_a_reload(live_server: Any, page: Any, app: Any, session: Any) -> None:
    app.config["PROGRESS_POLL_SECONDS"] = 1
    mash = make_unit(session, key="mash", name="MASH", headcount=10)
    survey = make_survey(session, key="pulse", audience=[mash], reporting_threshold=3)
    wave = make_wave(session, survey, number=1)
    for _ in range(3):
        make_response(session, wave, mash)
    make_user(session, role="admin", email="ada@council.test")
    session.commit()

    page.goto(live_server.url + "/sign-in")
    page.fill("#email", "ada@council.test")
    page.fill("#password", DEFAULT_PASSWORD)
    submit(page, "button:has-text('Sign in')")
    complete_mfa(page)
    page.goto(live_server.url + "/admin/surveys/pulse/waves/1/progress")
    selector = f'td[data-row="u{mash.id}"][data-field="responses"]'
    assert page.locator(selector).inner_text() == "3"
    page.evaluate("window.heardSamePage = true")  # gone if the page reloads

    for _ in range(2):
        make_response(session, wave, mash)
    session.commit()
    page.wait_for_function("s => document.querySelector(s).textContent === '5'", arg=selector, timeout=10_000)
    assert page.locator('[data-row="total"][data-field="rate"]').inner_text() == "50%"
    assert page.evaluate("window.heardSamePage") is True
    assert "updated automatically" in page.locator("[data-progress-updated]").inner_text()
