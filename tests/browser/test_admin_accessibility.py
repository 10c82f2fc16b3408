"""Every staff page passes axe-core's WCAG 2.2 A/AA rules, signed in through the real form."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, complete_mfa, submit
from tests.factories import (
    DEFAULT_PASSWORD,
    make_open_link,
    make_response,
    make_survey,
    make_unit,
    make_user,
    make_wave,
)


@pytest.fixture
def staff_data(session: Any) -> dict[str, Any]:
    area = make_unit(session, key="front-door", name="Front door", kind="service_area", headcount=0)
    mash = make_unit(session, key="mash", name="MASH", parent=area, headcount=16)
    duty = make_unit(session, key="duty", name="Duty", parent=area, headcount=8)
    survey = make_survey(session, key="pulse", title="Monthly staff pulse", audience=[mash, duty])
    make_wave(session, survey, number=1, status="closed")
    wave = make_wave(session, survey, number=2)
    for _ in range(7):
        make_response(session, wave, mash)
    make_response(session, wave, duty)
    link = make_open_link(session, survey, slug="pulse-mash", unit=mash)
    admin = make_user(session, role="admin", email="ada@council.test", name="Ada Admin")
    make_user(session, role="leader", email="lee@council.test", scope=[area])
    session.commit()
    return {"admin": admin, "link": link, "unit": mash}


def _sign_in(page: Any, base: str, email: str) -> None:
    page.goto(base + "/sign-in")
    assert_accessible(page)
    page.fill("#email", email)
    page.fill("#password", DEFAULT_PASSWORD)
    submit(page, "button:has-text('Sign in')")
    complete_mfa(page)


@pytest.mark.parametrize("viewport", ["laptop", "phone"])
def test_admin_pages_have_no_axe_violations(
    live_server: Any, page: Any, phone_page: Any, staff_data: dict[str, Any], viewport: str
) -> None:
    base = live_server.url
    page = page if viewport == "laptop" else phone_page
    _sign_in(page, base, "ada@council.test")
    assert page.url == base + "/admin/"
    paths = [
        "/admin/",
        "/admin/units",
        "/admin/units/new",
        f"/admin/units/{staff_data['unit'].id}/edit",
        "/admin/units/import",
        "/admin/surveys",
        "/admin/surveys/pulse",
        "/admin/surveys/pulse/edit",
        "/admin/surveys/pulse/waves/new",
        "/admin/surveys/pulse/waves/2",
        "/admin/surveys/pulse/waves/2/progress",
        "/admin/surveys/pulse/waves/2/invitations",
        "/admin/surveys/pulse/waves/2/close",
        "/admin/surveys/pulse/waves/1/reopen",
        "/admin/surveys/pulse/waves/2/closing-date",
        f"/admin/open-links/{staff_data['link'].id}",
        "/admin/users",
        "/admin/users/new",
        f"/admin/users/{staff_data['admin'].id}/edit",
        "/admin/audit",
        "/insights",
        "/insights/surveys/pulse",
    ]
    for path in paths:
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
        if viewport == "phone":
            assert_no_horizontal_scroll(page)


def test_forms_with_errors_have_no_axe_violations(
    live_server: Any, page: Any, staff_data: dict[str, Any]
) -> None:
    base = live_server.url
    _sign_in(page, base, "ada@council.test")
    page.goto(base + "/admin/surveys/new")
    page.fill("#reporting_threshold", "2")
    page.fill("#next_wave_opens_on-day", "31")
    page.fill("#next_wave_opens_on-month", "2")
    page.fill("#next_wave_opens_on-year", "2027")
    submit(page, "button:has-text('Create survey')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    assert_accessible(page)

    page.goto(base + "/admin/units/import")
    page.set_input_files(
        "#file", files=[{"name": "units.csv", "mimeType": "text/csv", "buffer": b"key,name\nx,y\n"}]
    )
    submit(page, "button:has-text('Import units')")
    assert "Problems in the file" in page.content()
    assert_accessible(page)

    page.goto(base + "/admin/audit?since=40&since=1&since=2026")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)


def test_sign_in_errors_and_reader_pages_have_no_axe_violations(
    live_server: Any, page: Any, staff_data: dict[str, Any]
) -> None:
    base = live_server.url
    page.goto(base + "/insights")
    assert page.url.startswith(base + "/sign-in?next=")
    submit(page, "button:has-text('Sign in')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page)
    _sign_in(page, base, "lee@council.test")
    page.goto(base + "/insights")
    assert_accessible(page)
    response = page.goto(base + "/admin/")
    assert response.status == 403
    assert_accessible(page)
