"""The audit log page: newest first, filtered by action, person and date, paged."""

from __future__ import annotations

import datetime as dt
from typing import Any

from surveyapp.models import AuditEvent
from surveyapp.services import audit
from tests.factories import make_user
from tests.pages import check_page
from tests.surveyapp.admin.helpers import errors


def _rows(client: Any, query: str = "") -> list[list[str]]:
    page = check_page(client.get("/admin/audit" + query).data)
    return [[c.get_text(" ", strip=True) for c in row.find_all("td")] for row in page.select("tbody tr")]


def test_events_are_listed_newest_first_with_who_and_what(
    admin_client: Any, session: Any, admin: Any
) -> None:
    audit.record(session, "survey.create", user=admin, target_type="survey", target_id=1, key="pulse")
    audit.record(
        session,
        "wave.reopen",
        user=admin,
        target_type="wave",
        target_id=3,
        reason="Training day",
        previous_status="closed",
    )
    session.commit()
    rows = _rows(admin_client)
    assert rows[0][1:3] == ["Ada Admin", "Reopened a wave wave 3"]
    assert rows[0][3] == "previous status: closed; reason: Training day"
    assert rows[1][2] == "Created a survey survey 1"


def test_filters_by_action_person_and_date(admin_client: Any, session: Any, admin: Any) -> None:
    other = make_user(session, role="leader", name="Lee")
    audit.record(session, "auth.sign_in", user=other)
    audit.record(session, "auth.sign_in", user=admin)
    old = audit.record(session, "units.export", user=admin)
    old.occurred_at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    audit.record(session, "wave.close", user=None, target_type="wave", target_id=1, by="schedule")
    session.commit()
    assert [r[1] for r in _rows(admin_client, "?action=auth.sign_in")] == ["Ada Admin", "Lee"]
    assert {r[2] for r in _rows(admin_client, f"?user={other.id}")} == {"Signed in"}
    assert [r[1] for r in _rows(admin_client, "?user=system")] == ["Heard"]
    january = "?since=1&since=1&since=2026&until=31&until=1&until=2026"
    assert [r[2] for r in _rows(admin_client, january)] == ["Exported units"]
    assert errors(admin_client.get("/admin/audit?since=40&since=1&since=2026")) == [
        "The From date must be a real date, like 27 3 2027"
    ]


def test_the_log_is_paged(admin_client: Any, session: Any, admin: Any) -> None:
    for n in range(55):
        session.add(AuditEvent(action="auth.sign_in", user_id=admin.id, detail={"n": n}))
    session.commit()
    first = check_page(admin_client.get("/admin/audit?action=auth.sign_in").data)
    assert "55 events (page 1 of 2)" in first.find("caption").get_text()
    next_link = first.select_one(".govuk-pagination__next a")["href"]
    assert "page=2" in next_link and "action=auth.sign_in" in next_link
    assert len(_rows(admin_client, "?action=auth.sign_in&page=2")) == 5
