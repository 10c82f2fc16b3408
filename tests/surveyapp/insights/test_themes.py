"""Theme pages: stored themes with safe figures and quotes, and curation by leaders and admins."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models import Action, AuditEvent, Theme
from surveyapp.models.insights import AnalysisRun
from surveyapp.services import themes as theme_service
from surveyapp.services.analysis_runs import run_analysis
from tests.factories import (
    csrf_token,
    make_commented_survey,
    make_flagged_comment,
    make_survey,
    make_unit,
    make_user,
    sign_in_as,
)
from tests.pages import check_page


@pytest.fixture
def analysed(session: Any) -> Any:
    survey = make_commented_survey(session, key="pulse", title="Staff pulse", comments_per_team=15)
    session.commit()
    run_analysis(session, survey)
    return survey


def _first(session: Any, survey: Any) -> Theme:
    return theme_service.listed_themes(session, survey)[0]


def test_reader_sees_themes_and_a_theme_page(client: Any, session: Any, analysed: Any) -> None:
    reader = make_user(session, role="reference")
    theme = _first(session, analysed)
    session.add(
        Action(
            survey_id=analysed.id,
            theme_id=theme.id,
            you_said="Too many cases",
            we_did="Hired four",
            owner="HoS",
            published_on=analysed.waves[0].closes_on,
        )
    )
    session.commit()
    sign_in_as(client, reader)

    index = check_page(client.get("/insights/pulse/themes").data)
    assert index.h1.get_text(strip=True) == "Themes in comments"
    assert "Analysis last ran on" in index.get_text()
    links = [a.get_text(strip=True) for a in index.select("tbody th a")]
    assert theme.display_label in links and len(links) == len(theme_service.listed_themes(session, analysed))

    page = check_page(client.get(f"/insights/pulse/themes/{theme.id}").data)
    text = page.get_text(" ")
    assert page.h1.get_text(strip=True) == theme.display_label
    assert ", ".join(theme.keywords) in text
    assert "Wave 1" in text and "Wave 2" in text
    quotes = [q.get_text(strip=True) for q in page.select("blockquote")]
    assert 1 <= len(quotes) <= 5
    # Quotes are undated and carry no unit or score beside them.
    for block in page.select("blockquote"):
        assert (
            block.find_next_sibling() is None
            or block.find_next_sibling().name == "blockquote"
            or "Where it comes from" in block.find_next_sibling().get_text()
        )
    assert "Hired four" in text and "Too many cases" in text
    areas = theme_service.concentration(session, analysed, theme)
    assert all(a.count >= 10 for a in areas)  # areas below k_text are not shown
    for area in areas:
        assert area.name in text
    assert "team 1" not in text  # never a team
    assert not page.select("form[method=post]")  # the reference group reads, does not curate
    assert client.post(f"/insights/pulse/themes/{theme.id}/rename", data={"label": "X"}).status_code in (
        400,
        403,
    )


def test_pending_comments_are_never_quoted(client: Any, session: Any, analysed: Any) -> None:
    theme = _first(session, analysed)
    team = analysed.audience[0].children[0].children[0]
    flagged = make_flagged_comment(session, analysed.waves[0], team, "Secret flagged words about my manager")
    flagged.theme_id = theme.id
    theme.exemplar_comment_ids = [flagged.id, *theme.exemplar_comment_ids]
    session.commit()
    sign_in_as(client, make_user(session, role="leader"))
    assert "Secret flagged words" not in client.get(f"/insights/pulse/themes/{theme.id}").get_data(
        as_text=True
    )


def test_leader_renames_and_merges_through_the_forms(client: Any, session: Any, analysed: Any) -> None:
    leader = make_user(session, role="leader")
    first, second = theme_service.listed_themes(session, analysed)[:2]
    session.commit()
    sign_in_as(client, leader)
    path = f"/insights/pulse/themes/{first.id}"
    page = check_page(client.get(path).data)
    assert page.select_one("#label") is not None and page.select_one("#into") is not None

    reply = client.post(f"{path}/rename", data={"csrf_token": csrf_token(client, path), "label": "Caseloads"})
    assert reply.status_code == 302
    after = check_page(client.get(path).data)
    assert after.h1.get_text(strip=True) == "Caseloads"
    assert "Theme renamed to Caseloads." in after.get_text()

    token = csrf_token(client, f"/insights/pulse/themes/{second.id}")
    reply = client.post(
        f"/insights/pulse/themes/{second.id}/merge", data={"csrf_token": token, "into": str(first.id)}
    )
    assert reply.status_code == 302 and reply.headers["Location"].endswith(path)
    session.expire_all()
    assert session.get(Theme, second.id).merged_into_id == first.id
    actions = set(session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == leader.id)))
    assert {"theme.rename", "theme.merge"} <= actions


def test_curation_errors_are_shown(client: Any, session: Any, analysed: Any) -> None:
    theme = _first(session, analysed)
    sign_in_as(client, make_user(session, role="admin"))
    session.commit()
    path = f"/insights/pulse/themes/{theme.id}"
    reply = client.post(f"{path}/rename", data={"csrf_token": csrf_token(client, path), "label": ""})
    assert reply.status_code == 400
    page = check_page(reply.data)
    assert page.title.get_text().startswith("Error:")
    assert "Enter a name for the theme" in page.select_one(".govuk-error-summary").get_text()
    assert client.post(f"{path}/rename", data={"label": "No token"}).status_code == 400  # CSRF


def test_hidden_theme_is_gone_for_readers(client: Any, session: Any, analysed: Any) -> None:
    theme = _first(session, analysed)
    theme.state = "hidden"
    reader = make_user(session, role="reference")
    session.commit()
    sign_in_as(client, reader)
    assert client.get(f"/insights/pulse/themes/{theme.id}").status_code == 404
    links = check_page(client.get("/insights/pulse/themes").data).select("tbody th a")
    assert theme.display_label not in [a.get_text(strip=True) for a in links]


def test_progress_of_a_running_analysis_is_shown(client: Any, session: Any) -> None:
    survey = make_survey(session, key="fresh", title="Fresh")
    session.add(AnalysisRun(survey_id=survey.id, status="running", stage="Finding themes", progress=0.72))
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    page = check_page(client.get("/insights/fresh/themes").data)
    assert "Analysis in progress: Finding themes, 72% done." in page.get_text()
    assert "No themes yet." in page.get_text()


def test_themes_of_a_survey_outside_scope_are_not_found(client: Any, session: Any, analysed: Any) -> None:
    elsewhere = make_unit(session, kind="service_area", name="Elsewhere")
    sign_in_as(client, make_user(session, role="leader", scope=[elsewhere]))
    session.commit()
    assert client.get("/insights/pulse/themes").status_code == 404
    assert client.get(f"/insights/pulse/themes/{_first(session, analysed).id}").status_code == 404


def test_leader_analyses_again_and_the_names_given_survive(client: Any, session: Any, analysed: Any) -> None:
    from surveyapp.jobs import wait_for_threads

    leader = make_user(session, role="leader")
    first = _first(session, analysed)
    session.commit()
    sign_in_as(client, leader)
    path = f"/insights/pulse/themes/{first.id}"
    client.post(f"{path}/rename", data={"csrf_token": csrf_token(client, path), "label": "Caseloads"})
    index = check_page(client.get("/insights/pulse/themes").data)
    assert "Analyse the comments again" in index.select_one("main").get_text()

    reply = client.post(
        "/insights/pulse/themes/analyse", data={"csrf_token": csrf_token(client, "/insights/pulse/themes")}
    )
    assert reply.status_code == 302
    wait_for_threads(120)
    session.expire_all()
    runs = session.scalars(select(AnalysisRun).order_by(AnalysisRun.id)).all()
    assert len(runs) == 2 and runs[-1].status == "done" and runs[-1].requested_by_id == leader.id
    labels = [
        t.get_text(strip=True)
        for t in check_page(client.get("/insights/pulse/themes").data).select("tbody th")
    ]
    assert any(label.startswith("Caseloads") for label in labels), labels
    assert session.scalar(select(AuditEvent.id).where(AuditEvent.action == "analysis.requested")) is not None


def test_readers_cannot_ask_for_a_new_analysis(app: Any, client: Any, session: Any, analysed: Any) -> None:
    sign_in_as(client, make_user(session, role="analyst"))
    session.commit()
    index = check_page(client.get("/insights/pulse/themes").data)
    assert "Analyse the comments again" not in index.select_one("main").get_text()
    app.config["WTF_CSRF_ENABLED"] = False  # readers have no form to take a token from; the role decides
    assert client.post("/insights/pulse/themes/analyse").status_code == 403
    assert len(session.scalars(select(AnalysisRun)).all()) == 1


def _index_rows(client: Any, path: str) -> tuple[str, dict[str, str]]:
    page = check_page(client.get(path).data)
    header = page.select("thead th")[1].get_text(" ", strip=True)
    rows = {
        row.th.get_text(strip=True): row.select("td")[0].get_text(" ", strip=True)
        for row in page.select("tbody tr")
    }
    return header, rows


def _analysed_with_last_wave_open(client: Any, session: Any, waves: int) -> tuple[Any, str, dict[str, str]]:
    """A commented survey of ``waves`` waves, the last still open, analysed; its themes list as a leader."""
    survey = make_commented_survey(session, key="pulse", waves=waves, comments_per_team=15)
    survey.waves[-1].status = "open"
    session.commit()
    run_analysis(session, survey)
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    return survey, *_index_rows(client, "/insights/pulse/themes")


def test_the_list_reports_the_latest_closed_wave_not_the_open_one(client: Any, session: Any) -> None:
    survey, header, rows = _analysed_with_last_wave_open(client, session, waves=2)
    assert header == "Comments in wave 1"
    shown = 0
    for theme in theme_service.listed_themes(session, survey):
        figures = {f.number: f for f in theme_service.wave_figures(session, survey, theme)}
        first = figures.get(1)
        if first is not None and first.count is not None:
            assert rows[theme.display_label] == str(first.count)
            shown += 1
    assert shown >= 1  # the closed wave has themes large enough to show
    # Rows with a count come first, most comments first; the rest ("fewer than 10") after them.
    cells = list(rows.values())
    counted = [int(c) for c in cells if c.isdigit()]
    assert cells[: len(counted)] == [str(n) for n in counted] and counted == sorted(counted, reverse=True)
    # A theme's own page lists the open wave too, marked as still open.
    theme = theme_service.listed_themes(session, survey)[0]
    rows = check_page(client.get(f"/insights/pulse/themes/{theme.id}").data).select("tbody th[scope=row]")
    waves = [row.get_text(strip=True) for row in rows if row.get_text(strip=True).startswith("Wave")]
    assert waves == ["Wave 1", "Wave 2 (still open)"]


def test_a_survey_with_only_an_open_wave_says_so(client: Any, session: Any) -> None:
    _survey, header, rows = _analysed_with_last_wave_open(client, session, waves=1)
    assert header == "Comments in wave 1 (still open)"
    assert rows


@pytest.mark.parametrize(
    ("value", "shown"),
    [(-0.001, "+0.00 (mixed or neutral)"), (0.25, "+0.25 (positive)"), (-0.2, "-0.20 (negative)")],
)
def test_mean_sentiment_never_reads_minus_zero(app: Any, value: float, shown: str) -> None:
    with app.app_context():
        macros = app.jinja_env.get_template("insights/themes/_macros.html").module
        assert str(macros.sentiment(value)).strip() == shown
