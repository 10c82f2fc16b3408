"""The issue's "done when", end to end on the demo a fresh `make run` seeds: a new administrator signs
in, creates a survey for a set of units, opens a wave, emails invitations to a CSV of addresses (caught
by a real SMTP server), watches the response rate rise as links are used, sends a reminder that reaches
only people who have not answered, and closes the wave."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from surveyapp.models import AuditEvent, Invitation, Unit
from surveyapp.services.demo import DEMO_TOTP_SECRETS, seed_demo
from surveyapp.services.invitations import resolve_link
from tests.factories import csrf_token, make_response, totp_code
from tests.pages import check_page
from tests.surveyapp.admin.helpers import date_fields, post_form, upload
from tests.surveyapp.admin.mailbox import Mailbox

PASSWORD = "demo password for the journey"
SURVEY = "/admin/surveys/front-door-pulse"
WAVE = SURVEY + "/waves/1"
PEOPLE = {
    "amir@council.test": "mash",
    "beth@council.test": "mash",
    "chen@council.test": "mash",
    "dina@council.test": "mash",
    "ed@council.test": "contact-referral",
    "fay@council.test": "contact-referral",
}


def _total(client: Any) -> dict[str, str]:
    return client.get(WAVE + "/progress.json").get_json()["rows"]["total"]


def test_a_new_admin_runs_a_wave_from_start_to_finish(client: Any, session: Any, mail: Mailbox) -> None:
    seed_demo(session, password=PASSWORD)
    session.commit()

    # Sign in, by way of the redirect from a page that needs it.
    sign_in = client.get("/insights").location
    response = client.post(
        sign_in,
        data={"csrf_token": csrf_token(client, sign_in), "email": "admin@demo.invalid", "password": PASSWORD},
    )
    # The demo admin's authenticator code, as `heard demo-code admin@demo.invalid` prints it.
    assert response.location == "/sign-in/verify"
    code = totp_code(DEMO_TOTP_SECRETS["admin@demo.invalid"])
    response = client.post(
        response.location, data={"csrf_token": csrf_token(client, response.location), "code": code}
    )
    assert response.location == "/insights"
    assert check_page(client.get("/admin/").data).h1.get_text(strip=True) == "Dashboard"

    # Create a survey for the two front-door teams.
    teams = session.scalars(select(Unit).where(Unit.key.in_(["mash", "contact-referral"]))).all()
    response = post_form(
        client,
        "/admin/surveys/new",
        {
            "title": "Front door pulse",
            "key": "front-door-pulse",
            "questionnaire": "staff-pulse",
            "audience": [str(t.id) for t in teams],
            "cadence": "ad_hoc",
            "anonymity_mode": "anonymous",
            "reporting_threshold": "3",
            "text_threshold": "10",
            "wave_length_days": "14",
            "next_wave_opens_on": ["", "", ""],
        },
    )
    assert response.location == SURVEY

    # Open a wave today.
    today = dt.date.today()
    dates = {**date_fields("opens_on", today), **date_fields("closes_on", today + dt.timedelta(days=13))}
    assert post_form(client, SURVEY + "/waves/new", dates).location == WAVE

    # Email invitations to a CSV of addresses.
    addresses = "email,unit_key\n" + "".join(f"{email},{unit}\n" for email, unit in PEOPLE.items())
    assert upload(client, WAVE + "/invitations", addresses, delivery="email").status_code == 302
    assert sorted(mail.recipients) == sorted(PEOPLE)
    assert _total(client) == {"responses": "fewer than 3", "rate": "fewer than 3"}

    # People use their links: the rate rises (counts only; below 3 it is not shown).
    seen = []
    for email in ["amir@council.test", "beth@council.test", "ed@council.test", "chen@council.test"]:
        token = mail.links(email)[0].rsplit("/", 1)[1]
        target = resolve_link(session, token)
        assert target.invitation is not None
        target.invitation.used = True  # what the respondent journey does, in the same transaction as …
        make_response(session, target.wave, target.unit)  # … storing the response
        session.commit()
        seen.append(_total(client)["responses"])
        assert client.get(f"/s/{token}").status_code == 410  # a used link cannot be used again
    assert seen == ["fewer than 3", "fewer than 3", "3", "4"]
    assert _total(client) == {"responses": "4", "rate": "15%"}  # 4 of the two teams' 27 people
    page = check_page(client.get(WAVE + "/progress").data)
    assert "All responses: 4" in page.get_text(" ", strip=True)

    # A reminder reaches only the two people who have not answered.
    mail.messages.clear()
    assert (
        post_form(client, WAVE + "/invitations/remind", {}, form_page=WAVE + "/invitations").status_code
        == 302
    )
    assert sorted(mail.recipients) == ["dina@council.test", "fay@council.test"]

    # Close the wave: the addresses are deleted; the figures stay.
    assert post_form(client, WAVE + "/close", {}).status_code == 302
    session.expire_all()
    assert session.scalars(select(Invitation.email).where(Invitation.email.is_not(None))).all() == []
    assert client.get(WAVE + "/progress.json").get_json()["status"] == "closed"

    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.user_id.is_not(None)).order_by(AuditEvent.id)
    ).all()
    journey = [a for a in actions if not a.startswith("user.")]
    assert journey == [
        "auth.mfa_verified",
        "auth.sign_in",
        "survey.create",
        "wave.schedule",
        "wave.open",
        "invitation.create",
        "invitation.create",
        "invitation.email",
        "invitation.remind",
        "wave.close",
    ]
