"""New passwords: leaked, guessable and personal ones are refused with a reason, on the form too."""

from __future__ import annotations

from typing import Any

import pytest

from surveyapp.services.password_resets import issue_reset
from surveyapp.services.passwords import COMMON, GUESSABLE, PERSONAL, TOO_SHORT, password_problem
from tests.factories import csrf_token, make_user
from tests.pages import check_page

LEE = ["lee.stanton@council.test", "Lee Stanton"]


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", TOO_SHORT),
        ("1234567890123", COMMON),  # in the leaked-password list that ships with zxcvbn
        ("qwertyuiopasdfgh", COMMON),
        ("football12345", COMMON),  # a listed password with digits added
        ("Password1234!", COMMON),
        ("aaaaaaaaaaaaaaa", GUESSABLE),
        ("stanton-2026-Heard", PERSONAL),
        ("LEE.STANTON@council.test", PERSONAL),
        ("my name is lee stanton", PERSONAL),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password: str, problem: str) -> None:
    assert password_problem(password, LEE) == problem


@pytest.mark.parametrize(
    "password", ["correct horse battery staple", "a brand new passphrase", "plinth-meadow-orbit-7"]
)
def test_strong_passwords_pass(password: str) -> None:
    assert password_problem(password, LEE) is None


def test_the_leaked_list_is_the_one_shipped_in_the_package() -> None:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    assert len(FREQUENCY_LISTS["passwords"]) >= 30_000
    long_leaked = next(p for p in FREQUENCY_LISTS["passwords"] if len(p) >= 12)
    assert password_problem(long_leaked) == COMMON


def test_the_set_password_form_explains_a_refusal_and_keeps_the_link(client: Any, session: Any) -> None:
    user = make_user(session, role="analyst", email="lee.stanton@council.test", name="Lee Stanton")
    token = issue_reset(session, user, actor=None)
    session.commit()
    path = f"/reset-password/{token}"
    for password, message in [("password1234", COMMON), ("leestanton-is-great", PERSONAL)]:
        data = {"csrf_token": csrf_token(client, path), "password": password, "confirm": password}
        response = client.post(path, data=data)
        assert response.status_code == 200
        page = check_page(response.data)
        summary = page.select_one(".govuk-error-summary").get_text(" ", strip=True)
        assert message in summary
        assert "three or four unrelated words" in summary
        assert page.select_one("#password-error") is not None
    data = {
        "csrf_token": csrf_token(client, path),
        "password": "plinth meadow orbit",
        "confirm": "plinth meadow orbit",
    }
    response = client.post(path, data=data)
    assert response.status_code == 302 and response.location == "/sign-in"
