"""The Improvement Board pack: a printable page, a PDF, CSV and XLSX — each audited, each threshold-safe."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select

from surveyapp.models import AuditEvent
from tests.factories import (
    make_action,
    make_response,
    make_scored_org,
    make_theme,
    make_theme_stat,
    make_user,
    make_wave,
    sign_in_as,
)
from tests.pages import check_page


def _setup(client: Any, session: Any) -> dict[str, Any]:
    org = make_scored_org(session, {"Assessment": {"A1": 12, "A2": 2}, "Care": {"C1": 10}}, waves=2)
    make_action(session, org["survey"], owner="=Head of Service")
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    return org


def test_pack_page_prints_and_links_the_downloads(client: Any, session: Any) -> None:
    org = _setup(client, session)
    key = org["survey"].key
    page = check_page(client.get(f"/insights/{key}/waves/2/board-pack").data)
    assert page.h1.get_text(strip=True) == "Improvement Board pack, wave 2"
    # Print rules come from heard.scss for this body class (no inline <style>: the CSP forbids it).
    assert "heard-board-pack" in page.body["class"] and page.find("style") is None
    hrefs = [a["href"] for a in page.select("a[download]")]
    assert hrefs == [f"/insights/{key}/waves/2/board-pack.{ext}" for ext in ("pdf", "xlsx", "csv")]
    text = page.get_text(" ", strip=True)
    assert "fewer than 5" in text and "=Head of Service" in text
    assert page.find("blockquote") is None  # no analysed themes, so no quotes


def test_downloads_are_audited_and_agree(client: Any, session: Any) -> None:
    org = _setup(client, session)
    base = f"/insights/{org['survey'].key}/waves/2/board-pack"
    pdf = client.get(base + ".pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "attachment" in pdf.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(client.get(base + ".csv").data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(client.get(base + ".xlsx").data)).active
    assert sheet.max_row == len(rows)
    a2 = next(r for r in rows if r[2] == "A2" and r[4] == "All responses")
    assert a2[5] == "fewer than 5"
    session.expire_all()
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("board_pack.%"))).all()
    assert sorted(actions) == ["board_pack.csv", "board_pack.pdf", "board_pack.xlsx"]


def test_no_pack_for_an_open_wave_or_outside_scope(client: Any, session: Any) -> None:
    org = _setup(client, session)
    make_wave(session, org["survey"], status="open", number=3)
    session.commit()
    key = org["survey"].key
    assert client.get(f"/insights/{key}/waves/3/board-pack").status_code == 404
    assert client.get(f"/insights/{key}/waves/9/board-pack.csv").status_code == 404


def test_pack_quotes_redacted_comments_of_the_largest_themes(client: Any, session: Any) -> None:
    org = _setup(client, session)
    wave = org["waves"][-1]
    theme = make_theme(session, org["survey"], label="Caseloads")
    make_theme_stat(session, theme, wave, comment_count=12, share=1.0)
    for index in range(12):
        response = make_response(session, wave, org["units"]["C1"], comments={"one_change": f"Raw {index}"})
        comment = response.comments[0]
        comment.redacted_text = f"Too many cases for [name], {index}"
        comment.theme_id = theme.id
    session.commit()
    page = check_page(client.get(f"/insights/{org['survey'].key}/waves/2/board-pack").data)
    quotes = [q.get_text(strip=True) for q in page.select("blockquote")]
    assert len(quotes) == 2 and all(q.startswith("Too many cases for [name]") for q in quotes)
    assert "Raw" not in page.get_text()
    client.get("/sign-out")
    sign_in_as(client, make_user(session, role="analyst"))
    session.commit()
    analyst_page = check_page(client.get(f"/insights/{org['survey'].key}/waves/2/board-pack").data)
    assert analyst_page.find("blockquote") is None and "Quotes are not included" in analyst_page.get_text()
