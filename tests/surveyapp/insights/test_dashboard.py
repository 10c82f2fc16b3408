"""The survey dashboard page: who may see it, what it shows, and that hidden groups read "fewer than k"."""

from __future__ import annotations

from typing import Any

from tests.factories import make_scored_org, make_theme, make_theme_stat, make_unit, make_user, sign_in_as
from tests.pages import check_page


def _org(session: Any) -> dict[str, Any]:
    org = make_scored_org(session, {"Assessment": {"A1": 12, "A2": 2}, "Care": {"C1": 10}}, waves=2)
    theme = make_theme(session, org["survey"], label="Caseloads <b>high</b>")
    for wave, count in zip(org["waves"], (10, 14), strict=True):
        make_theme_stat(session, theme, wave, comment_count=count, share=count / 40)
    return org


def test_leader_sees_rates_headlines_heatmap_and_themes(client: Any, session: Any) -> None:
    org = _org(session)
    leader = make_user(session, role="leader")
    session.commit()
    sign_in_as(client, leader)
    response = client.get(f"/insights/{org['survey'].key}")
    assert response.status_code == 200
    page = check_page(response.data)
    text = page.get_text(" ", strip=True)
    assert "Response rate" in text and "Headlines, wave 2" in text
    for svg in page.select("svg"):
        assert svg["role"] == "img" and svg.get("aria-labelledby")
    heat_rows = {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in page.select("#heatmap-data tbody tr")
    }
    assert all(cells[0] != "fewer than 5" for cells in heat_rows.values())  # Assessment (14) shown
    assert "Caseloads <b>high</b>" in text  # escaped, not rendered as markup
    assert page.select_one("#themes b") is None
    assert "Comments have not been analysed yet" in text
    assert page.find("a", string="Improvement Board pack for wave 2") is not None


def test_small_service_area_reads_fewer_than_k(client: Any, session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 12}, "Care": {"C1": 3}, "Fostering": {"F1": 7}})
    session.commit()
    sign_in_as(client, make_user(session, role="reference"))
    session.commit()
    page = check_page(client.get(f"/insights/{org['survey'].key}").data)
    cells = [td.get_text(strip=True) for td in page.select("#heatmap-data tbody tr")[0].find_all("td")]
    assert cells == ["50%", "fewer than 5", "fewer than 5"]  # Care small; Fostering its complement


def test_dashboard_outside_scope_is_not_found_and_sign_in_is_needed(client: Any, session: Any) -> None:
    org = _org(session)
    elsewhere = make_unit(session, kind="service_area", name="Elsewhere")
    reader = make_user(session, role="leader", scope=[elsewhere])
    session.commit()
    assert client.get(f"/insights/{org['survey'].key}").status_code == 302
    sign_in_as(client, reader)
    assert client.get(f"/insights/{org['survey'].key}").status_code == 404
    assert client.get("/insights/no-such-survey").status_code == 404


def test_analysts_read_the_dashboard(client: Any, session: Any) -> None:
    org = _org(session)
    sign_in_as(client, make_user(session, role="analyst"))
    session.commit()
    assert client.get(f"/insights/{org['survey'].key}").status_code == 200
