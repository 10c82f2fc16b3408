"""Writing and publishing 'you said, we did', and reading it without signing in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bs4 import BeautifulSoup
from sqlalchemy import select

from surveyapp.models import Action, AuditEvent
from tests.factories import (
    csrf_token,
    form_answers,
    make_action,
    make_open_link,
    make_scored_org,
    make_user,
    make_wave,
    sign_in_as,
)
from tests.pages import check_page


def test_leader_writes_publishes_and_staff_read_it_without_signing_in(client: Any, session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 6}})
    survey = org["survey"]
    sign_in_as(client, make_user(session, role="leader"))
    session.commit()
    base = f"/insights/{survey.key}/actions"
    check_page(client.get(base).data)
    form = check_page(client.get(base + "/new").data)
    assert form.h1.get_text(strip=True) == "Write an action"

    empty = client.post(base + "/new", data={"csrf_token": csrf_token(client, base + "/new")})
    errors = [a.get_text(strip=True) for a in check_page(empty.data).select(".govuk-error-summary a")]
    assert "Enter what was done" in errors and "Choose the theme or question this action answers" in errors

    saved = client.post(
        base + "/new",
        data={
            "csrf_token": csrf_token(client, base + "/new"),
            "subject": "question:caseload",
            "you_said": "Caseloads are <too> high",
            "we_did": "We hired eight social workers",
            "owner": "Head of Service",
            "due_on": ["31", "1", "2027"],
        },
    )
    assert saved.status_code == 303
    action = session.scalar(select(Action))
    assert action.question_key == "caseload" and action.published_on is None and action.due_on.year == 2027
    assert "Caseloads are" not in client.get(f"/you-said-we-did/{survey.key}").get_data(as_text=True)

    published = client.post(f"{base}/{action.id}/publish", data={"csrf_token": csrf_token(client, base)})
    assert published.status_code == 303
    client.get("/sign-out")
    public = client.get(f"/you-said-we-did/{survey.key}")
    assert public.status_code == 200
    page = check_page(public.data)
    assert "Caseloads are <too> high" in page.get_text()
    session.expire_all()
    assert session.get(Action, action.id).published_on is not None
    audited = session.scalars(select(AuditEvent.action).where(AuditEvent.target_type == "action")).all()
    assert audited == ["action.created", "action.published"]


def test_editing_keeps_the_subject_and_analysts_cannot_write(client: Any, session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 6}})
    survey = org["survey"]
    action = make_action(session, survey, question_key="wellbeing")
    analyst = make_user(session, role="analyst")
    reference = make_user(session, role="reference")
    session.commit()
    sign_in_as(client, analyst)
    listing = check_page(client.get(f"/insights/{survey.key}/actions").data)
    assert listing.find("form") is None  # read-only
    assert client.get(f"/insights/{survey.key}/actions/new").status_code == 403

    sign_in_as(client, reference)
    edit = f"/insights/{survey.key}/actions/{action.id}/edit"
    page = check_page(client.get(edit).data)
    assert page.select_one("select#subject option[selected]")["value"] == "question:wellbeing"
    changed = client.post(
        edit,
        data={
            "csrf_token": csrf_token(client, edit),
            "subject": "question:wellbeing",
            "you_said": "Too tired",
            "we_did": "Wellbeing days",
            "owner": "Principal Social Worker",
        },
    )
    assert changed.status_code == 303
    session.expire_all()
    assert session.get(Action, action.id).we_did == "Wellbeing days"


def test_start_and_confirmation_pages_show_and_link_the_public_page(client: Any, session: Any) -> None:
    org = make_scored_org(session, {"Assessment": {"A1": 6}})
    survey = org["survey"]
    make_wave(session, survey, status="open", number=2)
    make_action(session, survey, published_on=dt.date(2026, 11, 1), we_did="Fewer forms")
    make_open_link(session, survey, slug="pulse-a1", unit=org["units"]["A1"])
    session.commit()
    start = check_page(client.get("/s/pulse-a1").data)  # the start of the next wave shows it too
    assert "Fewer forms" in start.get_text()
    assert start.find("a", href=f"/you-said-we-did/{survey.key}") is not None
    path = "/s/pulse-a1/questions"
    hidden_fields = ("csrf_token", "response_key")
    page = BeautifulSoup(client.get(path).data, "html.parser")
    hidden = {name: page.find("input", attrs={"name": name})["value"] for name in hidden_fields}
    done = client.post(path, data={**hidden, **form_answers()}, follow_redirects=True)
    done_page = check_page(done.data)
    assert "Fewer forms" in done_page.get_text()
    link = done_page.find("a", string="Read everything we have done about what you said")
    assert link is not None and link["href"] == f"/you-said-we-did/{survey.key}"
