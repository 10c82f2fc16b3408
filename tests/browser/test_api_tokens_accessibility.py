"""The API token pages (list, issue form, the token shown once, revoke) pass axe-core, laptop and phone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, submit
from tests.browser.test_admin_accessibility import _sign_in, staff_data

__all__ = ["staff_data"]


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_issuing_and_revoking_a_token_has_no_axe_violations(
    live_server: Any, page: Any, phone_page: Any, staff_data: dict[str, Any], viewport: str
) -> None:
    base = live_server.url
    page = page if viewport == "laptop" else phone_page
    _sign_in(page, base, "ada@council.test")

    def check() -> None:
        assert page.locator("h1").count() == 1
        assert_accessible(page)
        if viewport == "phone":
            assert_no_horizontal_scroll(page)

    page.goto(base + "/admin/api-tokens")
    check()
    submit(page, "text=Issue a token")
    submit(page, "button:has-text('Issue token')")  # nothing filled in: the error summary
    assert page.locator(".govuk-error-summary").is_visible()
    check()
    page.select_option("#user", label="Ada Admin (ada@council.test, Survey administrator)")
    page.fill("#name", "Power BI workforce report")
    submit(page, "button:has-text('Issue token')")
    token = page.locator("#api-token").inner_text().strip()
    assert token.startswith("heard_")
    check()
    page.goto(base + "/admin/api-tokens")
    assert token not in page.content()
    check()
    submit(page, "button:has-text('Revoke')")
    assert "has been revoked" in page.content()
    check()
