"""The minimal insights pages: the surveys in the reader's scope, with their waves."""

from __future__ import annotations

from typing import Any

from tests.factories import make_survey, make_unit, make_user, make_wave, sign_in_as
from tests.pages import check_page


def test_readers_see_their_surveys_and_waves(client: Any, session: Any) -> None:
    front = make_unit(session, key="front-door", name="Front door", kind="service_area")
    care = make_unit(session, key="care", kind="service_area")
    pulse = make_survey(session, key="front-pulse", title="Front door pulse", audience=[front])
    make_wave(session, pulse, status="closed", number=1)
    make_wave(session, pulse, status="open", number=2)
    make_survey(session, key="care-pulse", title="Care pulse", audience=[care])
    reader = make_user(session, role="reference", scope=[front])
    session.commit()
    sign_in_as(client, reader)

    page = check_page(client.get("/insights").data)
    assert page.h1.get_text(strip=True) == "Insights"
    assert [a.get_text(strip=True) for a in page.select("h2 a")] == ["Front door pulse"]
    assert "You can see results for Front door" in page.get_text()
    nav = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation__list a")]
    assert nav == ["Insights", "Sign out"]  # no admin pages offered to a reader

    survey_page = check_page(client.get("/insights/surveys/front-pulse").data)
    assert survey_page.h1.get_text(strip=True) == "Front door pulse"
    assert [r.find("th").get_text(strip=True) for r in survey_page.select("tbody tr")] == ["Wave 2", "Wave 1"]


def test_administrators_get_the_admin_menu(client: Any, session: Any) -> None:
    sign_in_as(client, make_user(session, role="admin"))
    session.commit()
    page = check_page(client.get("/insights").data)
    nav = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation__list a")]
    assert nav == [
        "Dashboard",
        "Surveys",
        "Units",
        "Users",
        "API tokens",
        "Audit log",
        "Insights",
        "Sign out",
    ]
    assert page.select_one(".govuk-service-navigation__item--active").get_text(strip=True) == "Insights"
