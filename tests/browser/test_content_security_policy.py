"""The strict content security policy holds in a real browser: no page breaks it, and GOV.UK's own
script (which adds ``js-enabled``) still runs, by its nonce."""

from __future__ import annotations

from typing import Any

from surveyapp.models import Survey
from tests.browser.conftest import assert_accessible, complete_mfa, submit
from tests.browser.test_insights_themes import analysed  # noqa: F401 - a fixture
from tests.factories import DEFAULT_PASSWORD, make_invitation, make_open_link, make_wave

# Recorded from the first moment of each document, before any of the page's own code runs.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


class Watcher:
    """Collects CSP violations from events and the console on every page a tab shows."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.console: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.console.append(text)

    def check(self, label: str) -> None:
        """Fail if this page broke the policy or GOV.UK's script did not run."""
        self.page.wait_for_load_state("load")
        events = self.page.evaluate("window.__csp")
        assert events == [] and self.console == [], f"{label}: {events} {self.console}"
        classes = self.page.evaluate("document.body.className")
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes, f"{label}: {classes}"


def _open_wave(session: Any, survey: Survey) -> str:
    wave = make_wave(session, survey, number=3)
    unit = survey.audience[0].children[0].children[0]
    make_open_link(session, survey, slug="csp-event", unit=unit)
    _invitation, token = make_invitation(session, wave, unit)
    session.commit()
    return token


def test_no_page_breaks_the_policy(
    live_server: Any,
    page: Any,
    session: Any,
    analysed: dict[str, Any],  # noqa: F811 - the fixture imported above
) -> None:
    base = live_server.url
    survey = analysed["survey"]
    key, theme = survey.key, analysed["theme"]
    token = _open_wave(session, survey)
    watcher = Watcher(page)

    # A respondent: start page, questions, an error, then a complete answer and the thank-you page.
    for path in ("/", f"/s/{token}", f"/s/{token}/questions", "/s/csp-event/questions", "/privacy"):
        page.goto(base + path)
        watcher.check(path)
    page.goto(f"{base}/s/{token}/questions")
    submit(page, "button[type=submit]")
    assert page.locator(".govuk-error-summary").count() == 1
    watcher.check("questions with errors")
    page.evaluate(
        """() => {
          const radios = [...document.querySelectorAll("input[type=radio]")];
          for (const name of new Set(radios.map((r) => r.name))) {
            document.querySelector(`input[type=radio][name="${name}"]`).checked = true;
          }
        }"""
    )
    submit(page, "button[type=submit]")
    assert page.url == f"{base}/s/{token}/done", page.url
    watcher.check("thank-you page")

    # An administrator signs in (password, then setting up an authenticator app) and reads results.
    page.goto(base + "/sign-in")
    watcher.check("sign in")
    page.fill("#email", "ada@council.test")
    page.fill("#password", DEFAULT_PASSWORD)
    submit(page, "button:has-text('Sign in')")
    assert page.url == base + "/sign-in/set-up-mfa"
    watcher.check("set up an authenticator app")  # the QR code is inline SVG: no style attributes
    assert_accessible(page)
    complete_mfa(page)
    assert page.url == base + "/admin/"
    for path in (
        "/admin/",
        f"/insights/{key}",
        f"/insights/{key}/themes",
        f"/insights/{key}/themes/{theme.id}",
        f"/insights/{key}/comments",
        f"/insights/{key}/waves/2/board-pack",
        f"/admin/surveys/{key}/waves/3/progress",
        "/admin/users",
    ):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        watcher.check(path)
    page.wait_for_timeout(200)  # the progress page's own module has run and polled
    watcher.check("after scripts ran")


def test_the_watcher_sees_a_violation(live_server: Any, page: Any) -> None:
    """The check above can fail: an inline style added to a page is reported."""
    watcher = Watcher(page)
    page.goto(live_server.url + "/")
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')")
    page.wait_for_function("window.__csp.length > 0", timeout=5_000)
    assert "style-src" in page.evaluate("window.__csp")[0]
    assert watcher.page is page


def test_the_board_pack_prints_with_its_styles(live_server: Any, page: Any, analysed: dict[str, Any]) -> None:  # noqa: F811
    base = live_server.url
    page.goto(base + "/sign-in")
    page.fill("#email", "ada@council.test")
    page.fill("#password", DEFAULT_PASSWORD)
    submit(page, "button:has-text('Sign in')")
    complete_mfa(page)
    page.goto(f"{base}/insights/{analysed['survey'].key}/waves/2/board-pack")
    assert page.locator(".heard-no-print").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".heard-no-print").is_visible()  # from heard.scss, not an inline <style>
    assert not page.locator(".govuk-header").is_visible()
