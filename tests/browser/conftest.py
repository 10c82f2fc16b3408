"""Browser fixtures: the real app served on loopback, driven by headless Chromium, checked with axe-core.

Tests here skip with the reason when Chromium, Playwright or axe-core is missing; `.ci/run` installs them.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from werkzeug.serving import make_server

from tests.conftest import REPO_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Flags that keep Chromium off the network (this machine has none) and quiet in a container.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LiveServer:
    """The app served by werkzeug on a free loopback port, in a background thread."""

    def __init__(self, app: Any) -> None:
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture
def live_server(app: Any) -> Iterator[LiveServer]:
    """The test app on a real socket."""
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser tab with its own cookies."""
    context = chromium.new_context()
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone_page(chromium: Any) -> Iterator[Any]:
    """A tab 320 CSS pixels wide, the narrowest screen the service supports."""
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    yield tab
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core's WCAG 2.2 A/AA rules on the page as it stands; returns the violations."""
    # Evaluated through the DevTools protocol rather than added as an inline <script>, which the
    # content security policy (rightly) blocks.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def assert_accessible(page: Any) -> None:
    """Fail with a readable list when axe-core finds any WCAG 2.2 A/AA violation."""
    violations = axe_violations(page)
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    ]
    assert violations == [], f"{page.url} has accessibility violations:\n" + "\n".join(summary)


def assert_no_horizontal_scroll(page: Any) -> None:
    """Fail when content is wider than the viewport (320px reflow, WCAG 1.4.10)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def submit(page: Any, selector: str) -> None:
    """Click what sends a form or follows a link, and return once the page it leads to has loaded.

    A bare click returns as soon as the event is dispatched; reading the page straight after can
    catch it between documents (an empty title), which made a journey test flaky in CI.
    """
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def complete_mfa(page: Any) -> None:
    """After the password, as an admin or leader: set up an authenticator app from the key the page
    shows (or the test's own secret) and enter its code, as a person with the app would."""
    import pyotp

    if "/sign-in/set-up-mfa" in page.url:
        key = page.locator(".heard-mfa-key").inner_text().replace(" ", "").strip()
    elif "/sign-in/verify" in page.url:
        from tests.factories import TEST_TOTP_SECRET

        key = TEST_TOTP_SECRET
    else:
        return
    page.fill("#code", pyotp.TOTP(key).now())
    submit(page, "button:has-text('Continue')")
