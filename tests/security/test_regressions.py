"""The bugs the fuzzers found, pinned down so they stay fixed whatever Hypothesis happens to draw."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.pages import check_page
from tests.security.helpers import build_world, row_counts, signed_in


def test_a_huge_number_is_refused_with_a_message_not_a_crash(app: Flask, session: Any) -> None:
    """NumberRange compares as floats: 10**30 used to overflow into a 500."""
    world = build_world(session)
    client, token = signed_in(app, world["users"]["admin"])
    before = row_counts()
    response = client.post(
        "/admin/surveys/front-pulse/edit",
        data={"csrf_token": token, "title": "T", "reporting_threshold": "1" + "0" * 30},
    )
    assert response.status_code in (200, 400)
    assert "Enter a smaller number" in check_page(response.data).select_one(".govuk-error-summary").get_text()
    assert row_counts() == before


def test_nul_characters_in_forms_and_urls_never_reach_the_database(app: Flask, session: Any) -> None:
    """PostgreSQL refuses NUL in text, even to compare: fields lose them, URL segments holding one are
    not found."""
    world = build_world(session)
    client, token = signed_in(app, None)
    response = client.post("/sign-in", data={"csrf_token": token, "email": "a\x00@b.test", "password": "x"})
    assert response.status_code == 200 and "govuk-error-summary" in response.get_data(as_text=True)
    assert client.get("/s/front%00pulse-link").status_code == 404
    admin, _token = signed_in(app, world["users"]["admin"])
    assert admin.get("/insights/front%00pulse").status_code == 404
    assert admin.get("/insights/front-pulse/comments?q=a%00b").status_code == 200


def test_a_blank_looking_filter_is_treated_as_no_filter(app: Flask, session: Any) -> None:
    """Optional() skips the choice check for whitespace, which then reached int() as a 500."""
    world = build_world(session)
    client, _token = signed_in(app, world["users"]["admin"])
    for name in ("theme", "wave"):
        assert client.get(f"/insights/front-pulse/comments?{name}=%0A%0A").status_code == 200


def test_a_code_of_non_ascii_digits_is_just_wrong() -> None:
    """ "²" counts as a digit to isdigit(), and hmac.compare_digest raises on non-ASCII text."""
    import time

    from surveyapp.services import mfa

    assert mfa._matching_step(mfa.new_secret(), "²²²²²²", time.time()) is None


def test_an_unusual_digit_in_the_audit_filter_is_no_filter(app: Flask, session: Any) -> None:
    world = build_world(session)
    client, _token = signed_in(app, world["users"]["admin"])
    assert client.get("/admin/audit?user=%C2%B2").status_code == 200  # "²"


def test_a_thousands_of_digits_audit_filter_is_no_filter(app: Flask, session: Any) -> None:
    world = build_world(session)
    client, _token = signed_in(app, world["users"]["admin"])
    assert client.get("/admin/audit?user=" + "9" * 5000).status_code == 200  # int() refuses 4,300+ digits
