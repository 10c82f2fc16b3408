"""A seeded survey with shown and suppressed groups, themes and actions, and tokens to read it with."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from surveyapp.services.api_tokens import issue_token
from tests.factories import (
    RequestIsolatingClient,
    make_action,
    make_scored_org,
    make_survey,
    make_theme,
    make_theme_stat,
    make_unit,
    make_user,
    make_wave,
)

# Assessment (14) is shown; Care (3) is below k = 5, and Fostering (7) is hidden with it, since Fostering
# alone could be worked out from the directorate's total.
TEAMS = {"Assessment": {"A1": 12, "A2": 2}, "Care": {"C1": 3}, "Fostering": {"F1": 7}}


@pytest.fixture(autouse=True)
def _requests_start_afresh(app: Any) -> None:
    app.test_client_class = RequestIsolatingClient


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def token_for(session: Any, user: Any, *, name: str = "Power BI report") -> str:
    """A working token for ``user`` (issued by a fresh admin), committed."""
    admin = make_user(session, role="admin")
    _token, raw = issue_token(session, user, name, actor=admin)
    session.commit()
    return raw


@pytest.fixture
def org(session: Any) -> dict[str, Any]:
    """Two closed waves and an open third of a staff survey keyed ``staff-pulse``, with themes and actions."""
    org = make_scored_org(session, TEAMS, waves=2)
    survey = org["survey"]
    survey.key = "staff-pulse"
    make_wave(session, survey, status="open", number=3)
    shown = make_theme(session, survey, label="Caseloads", keywords=["caseload", "cases"])
    small = make_theme(session, survey, label="Parking", keywords=["parking"])
    hidden = make_theme(session, survey, label="Named manager", keywords=["manager"], state="hidden")
    for wave, count in zip(org["waves"], (11, 14), strict=True):
        make_theme_stat(session, shown, wave, comment_count=count, share=count / 30, sentiment_mean=-0.3)
        make_theme_stat(session, hidden, wave, comment_count=15, share=0.5)
    make_theme_stat(session, small, org["waves"][1], comment_count=4, share=4 / 30)
    make_action(session, survey, published_on=dt.date(2026, 1, 12), theme=shown, question_key=None)
    make_action(session, survey, we_did="A draft nobody outside may see yet.")
    elsewhere = make_unit(session, kind="service_area", name="Youth justice")
    make_survey(session, key="youth-pulse", title="Youth justice pulse", audience=[elsewhere])
    session.commit()
    org.update(themes={"shown": shown, "small": small, "hidden": hidden}, elsewhere=elsewhere)
    return org
