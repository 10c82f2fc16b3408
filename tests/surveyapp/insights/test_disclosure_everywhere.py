"""One property over every surface that shows scores: the dashboard page, the board pack page, its CSV and
XLSX exports and the API all hide the same groups, none of them shows a group below k, and what they show
together never lets a hidden group be worked out.

The export property in tests/surveyapp/services/test_exports.py proves the full table of groups safe
against differencing; this test proves that every other surface shows nothing that table hides.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from analysis.anonymity import Group
from tests.analysis.test_anonymity import _determined_unknowns
from tests.conftest import _empty_all_tables
from tests.factories import RequestIsolatingClient, make_scored_org, make_user, sign_in_as
from tests.surveyapp.api.conftest import bearer, token_for
from tests.surveyapp.services.test_exports import organisations

DIRECTORATE = "Children's Services"

# (surface, group name, question or "count") → the figure as shown, or None when the surface hid it.
Seen = dict[tuple[str, str, str], object]


def _true_counts(sizes: dict[str, dict[str, int]]) -> dict[str, int]:
    truth = {DIRECTORATE: 0}
    for area, teams in sizes.items():
        truth[area] = sum(teams.values())
        truth[DIRECTORATE] += truth[area]
        truth.update(teams)
    return truth


def _html_heatmap(html: bytes, selector: str, k: int, surface: str) -> Seen:
    """The heatmap's data table: rows are questions, columns are groups."""
    page = BeautifulSoup(html, "html.parser")
    table = page.select_one(selector)
    if table is None:
        return {}
    groups = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    seen: Seen = {}
    for row in table.select("tbody tr"):
        question = row.th.get_text(strip=True)
        for group, cell in zip(groups, row.select("td"), strict=True):
            text = cell.get_text(strip=True)
            seen[(surface, group, question)] = None if text == f"fewer than {k}" else text
    return seen


def _export_rows(rows: list[list[Any]], k: int, surface: str) -> tuple[Seen, dict[str, str | None]]:
    """Export rows: group, parent, question, responses and % favourable are columns 2, 3, 4, 5 and 7."""
    seen: Seen = {}
    parents: dict[str, str | None] = {}
    for cells in rows[1:]:
        group, parent, question = cells[2], cells[3], cells[4]
        if question == "All responses":
            parents[group] = parent or None
            seen[(surface, group, "count")] = None if cells[5] == f"fewer than {k}" else cells[5]
        else:
            seen[(surface, group, question)] = None if cells[7] in (None, "") else cells[7]
    return seen, parents


def _api_figures(client: Any, raw: str, key: str, surface: str) -> Seen:
    seen: Seen = {}
    heatmap = client.get(f"/api/v1/surveys/{key}/heatmap", headers=bearer(raw)).get_json()
    names = {unit["key"]: unit["name"] for unit in heatmap["units"]}
    texts = {question["key"]: question["text"] for question in heatmap["questions"]}
    for cell in heatmap["cells"]:
        figure = None if cell["suppressed"] else cell["favourable_share"]
        if cell["suppressed"]:
            assert cell["n"] is None and cell["favourable_share"] is None and cell["mean"] is None
        seen[(surface, names[cell["unit"]], texts[cell["question"]])] = figure
    measures = client.get(f"/api/v1/surveys/{key}/measures", headers=bearer(raw)).get_json()
    for group in measures["groups"]:
        seen[(surface, group["unit"]["name"], "count")] = None if group["suppressed"] else group["responses"]
    return seen


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(organisations())
def test_every_surface_hides_what_the_full_table_hides(app: Any, session: Any, sizes: dict) -> None:
    from surveyapp.extensions import db

    session.rollback()
    _empty_all_tables(db.engine)
    # Ids restart once the tables are emptied, which never happens in service: start the cache afresh too.
    app.extensions.pop("heard.aggregates", None)
    app.test_client_class = RequestIsolatingClient
    org = make_scored_org(session, sizes, waves=2)
    survey, latest = org["survey"], org["waves"][-1]
    leader = make_user(session, role="leader")
    raw = token_for(session, leader)
    client = sign_in_as(app.test_client(), leader)
    k = app.config["REPORTING_THRESHOLD"]
    truth = _true_counts(sizes)

    pack = f"/insights/{survey.key}/waves/{latest.number}/board-pack"
    dashboard = client.get(f"/insights/{survey.key}")
    assert dashboard.status_code == 200
    table = list(csv.reader(io.StringIO(client.get(pack + ".csv").get_data(as_text=True).lstrip("\ufeff"))))
    full, parents = _export_rows(table, k, "csv")
    sheet = load_workbook(io.BytesIO(client.get(pack + ".xlsx").data)).active
    xlsx, _ = _export_rows([[c.value for c in row] for row in sheet.iter_rows()], k, "xlsx")

    others: Seen = {}
    others.update(_html_heatmap(dashboard.data, "#heatmap-data table", k, "dashboard"))
    others.update(_html_heatmap(client.get(pack).data, "#pack-heatmap table", k, "board pack"))
    others.update(_api_figures(client, raw, survey.key, "api"))
    others.update(xlsx)

    hidden_groups = {group for (_, group, what), figure in full.items() if what == "count" and figure is None}
    for (surface, group, what), figure in others.items():
        if figure is not None:
            assert truth[group] >= k, f"{surface} shows {group} ({truth[group]} < {k}) for {what}"
            assert group not in hidden_groups, f"{surface} shows {group}, which the full table hides"
        elif what == "count":
            assert group in hidden_groups, f"{surface} hides the count of {group} but the full table shows it"
    # Every shown count in the full table is at least k, and the hidden ones cannot be differenced.
    groups = [Group(name, parents[name], truth[name]) for name in parents]
    assert all(truth[name] >= k for name in parents if name not in hidden_groups)
    assert _determined_unknowns(groups, frozenset(hidden_groups)) == set()
    # The surfaces did show something when anything was big enough, so the property was exercised.
    if truth[DIRECTORATE] >= k:
        assert any(f is not None for (s, _, _), f in others.items() if s == "api")
