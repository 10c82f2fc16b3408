"""The response-rate page and its JSON: counts only, small groups as "fewer than k", works without JS."""

from __future__ import annotations

from typing import Any

from tests.factories import make_invitation, make_response, make_survey, make_unit, make_wave
from tests.pages import check_page

PAGE = "/admin/surveys/pulse/waves/1/progress"


def _setup(session: Any) -> tuple[Any, Any, Any]:
    area = make_unit(session, key="front-door", name="Front door", kind="service_area")
    mash = make_unit(session, key="mash", name="MASH", parent=area, headcount=20)
    duty = make_unit(session, key="duty", name="Duty", parent=area, headcount=10)
    survey = make_survey(session, key="pulse", audience=[mash, duty], reporting_threshold=5)
    wave = make_wave(session, survey, number=1)
    for _ in range(8):
        make_response(session, wave, mash)
    for _ in range(5):
        make_response(session, wave, duty)
    session.commit()
    return wave, mash, duty


def _cells(page: Any) -> dict[str, tuple[str, str]]:
    found = {}
    for row in page.select("tbody tr"):
        cells = [c.get_text(strip=True) for c in row.find_all(["td"])]
        found[row.find("th").get_text(strip=True)] = (cells[1], cells[2])
    return found


def test_the_page_shows_counts_and_rates_and_a_refresh_link(admin_client: Any, session: Any) -> None:
    _setup(session)
    page = check_page(admin_client.get(PAGE).data)
    assert _cells(page) == {"Front door": ("13", "43%"), "Duty": ("5", "50%"), "MASH": ("8", "40%")}
    assert page.find("a", string="Refresh the figures")["href"] == PAGE
    assert page.find(attrs={"data-progress-url": True})["data-progress-url"] == PAGE + ".json"
    scripts = [s.get("src") for s in page.find_all("script")]
    assert "/static/dist/progress.mjs" in scripts
    assert not any(
        "progress" in (s.string or "") for s in page.find_all("script")
    )  # no inline script of ours


def test_a_small_group_shows_fewer_than_k_in_the_page_and_the_json(admin_client: Any, session: Any) -> None:
    wave, mash, _duty = _setup(session)
    extra = make_unit(session, key="edge", name="Edge of care", parent=mash.parent, headcount=6)
    wave.survey.audience.append(extra)
    for _ in range(2):
        make_response(session, wave, extra)
    session.commit()
    page = check_page(admin_client.get(PAGE).data)
    cells = _cells(page)
    assert cells["Edge of care"] == ("fewer than 5", "fewer than 5")
    assert cells["Duty"] == (
        "fewer than 5",
        "fewer than 5",
    )  # the next smallest, so 15 − 8 − … cannot be done
    assert cells["MASH"] == ("8", "40%")
    data = admin_client.get(PAGE + ".json").get_json()
    assert data["rows"][f"u{extra.id}"] == {"responses": "fewer than 5", "rate": "fewer than 5"}
    assert data["rows"]["total"] == {"responses": "15", "rate": "42%"}


def test_the_json_follows_new_responses(admin_client: Any, session: Any) -> None:
    wave, mash, _duty = _setup(session)
    before = admin_client.get(PAGE + ".json")
    assert before.headers["Cache-Control"] == "no-store"
    assert before.get_json()["rows"][f"u{mash.id}"]["responses"] == "8"
    invitation, _token = make_invitation(session, wave, mash)
    invitation.used = True
    make_response(session, wave, mash)
    session.commit()
    assert admin_client.get(PAGE + ".json").get_json()["rows"][f"u{mash.id}"]["responses"] == "9"


def test_nothing_on_the_page_says_who_answered(admin_client: Any, session: Any) -> None:
    wave, mash, _duty = _setup(session)
    invitation, _token = make_invitation(session, wave, mash)
    invitation.email = "ana@council.test"
    session.commit()
    text = admin_client.get(PAGE).get_data(as_text=True) + admin_client.get(PAGE + ".json").get_data(
        as_text=True
    )
    assert "ana@council.test" not in text
