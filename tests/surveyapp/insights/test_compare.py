"""Staff and partners side by side: shared question topics and comment themes, each side threshold-safe."""

from __future__ import annotations

from typing import Any

from tests.factories import (
    make_partner_survey,
    make_response,
    make_scored_org,
    make_theme,
    make_theme_stat,
    make_user,
    make_wave,
    sign_in_as,
)
from tests.pages import check_page


def _surveys(session: Any) -> dict[str, Any]:
    staff = make_scored_org(session, {"Early help": {"EH1": 12}, "Care": {"C1": 10}})
    partner, groups, _schools = make_partner_survey(session)
    wave = make_wave(session, partner, status="closed", number=1)
    for _ in range(8):
        make_response(session, wave, groups["primary-north"], answers={"communication": "4"})
    for _ in range(6):
        make_response(session, wave, groups["secondary"], answers={"communication": "2"})
    staff_theme = make_theme(session, staff["survey"], label="Early help waits", keywords=["early", "waits"])
    make_theme_stat(session, staff_theme, staff["waves"][0], comment_count=11, share=0.5, sentiment_mean=-0.4)
    partner_theme = make_theme(
        session, partner, label="Early help thresholds", keywords=["early", "thresholds"]
    )
    make_theme_stat(session, partner_theme, wave, comment_count=10, share=0.7, sentiment_mean=-0.2)
    small = make_theme(session, partner, label="Early years", keywords=["early"])
    make_theme_stat(session, small, wave, comment_count=3, share=0.2)  # below k_text: never matched
    return {"staff": staff["survey"], "partner": partner}


def test_shared_topics_and_themes_side_by_side(client: Any, session: Any) -> None:
    surveys = _surveys(session)
    sign_in_as(client, make_user(session, role="reference"))
    session.commit()
    dashboard = check_page(client.get(f"/insights/{surveys['staff'].key}").data)
    link = dashboard.find("a", string="Staff and partners side by side")
    assert link is not None
    page = check_page(client.get(link["href"]).data)
    assert page.h1.get_text(strip=True) == "Staff and partners side by side"
    topics = [row.th.get_text(strip=True) for row in page.select("#shared-questions tbody tr")]
    assert topics == ["Communication"]
    row = page.select_one("#shared-questions tbody tr")
    # Staff: 11 of 22 agree. The factory's partner groups have no common parent, so the first group is
    # compared, and the caption says which.
    assert "50% favourable" in row.get_text() and "100% favourable" in row.get_text()
    assert "Primary schools – North" in page.select_one("#shared-questions caption").get_text()
    themes = page.select("#shared-themes tbody tr")
    assert len(themes) == 1
    assert "Early help waits" in themes[0].get_text() and "Early help thresholds" in themes[0].get_text()
    assert "Early years" not in page.get_text()


def test_unknown_comparison_is_not_found(client: Any, session: Any) -> None:
    surveys = _surveys(session)
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    assert client.get(f"/insights/{surveys['staff'].key}/compare?with=nope").status_code == 404
    back = check_page(client.get(f"/insights/{surveys['partner'].key}/compare").data)
    assert "Communication" in back.get_text()
