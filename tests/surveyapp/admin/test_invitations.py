"""Invitation pages: upload addresses, links emailed through a real SMTP server or downloaded once,
reminders only to people who have not answered, and counts — never names — on the page."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from sqlalchemy import func, select

from surveyapp.models import AuditEvent, Invitation
from tests.factories import make_survey, make_unit, make_wave
from tests.pages import check_page
from tests.surveyapp.admin.helpers import banner, errors, post_form, upload
from tests.surveyapp.admin.mailbox import Mailbox

PAGE = "/admin/surveys/pulse/waves/1/invitations"
ADDRESSES = "email,unit_key\nana@council.test,mash\nben@council.test,mash\ncat@council.test,duty\n"


@pytest.fixture
def wave(session: Any) -> Any:
    area = make_unit(session, key="front-door", kind="service_area")
    make_unit(session, key="mash", parent=area)
    make_unit(session, key="duty", parent=area)
    survey = make_survey(session, key="pulse", title="Monthly staff pulse", audience=[area])
    found = make_wave(session, survey, number=1)
    session.commit()
    return found


def _token(link: str) -> str:
    return link.rsplit("/", 1)[1]


def test_uploaded_addresses_are_each_emailed_a_single_use_link(
    admin_client: Any, session: Any, wave: Any, mail: Mailbox
) -> None:
    response = upload(admin_client, PAGE, ADDRESSES, delivery="email")
    assert response.status_code == 302
    assert mail.recipients == ["ana@council.test", "ben@council.test", "cat@council.test"]
    assert "3 invitations sent." in banner(admin_client, PAGE)
    links = [mail.links(p)[0] for p in mail.recipients]
    assert len(set(links)) == 3 and all(link.startswith("http://heard.test/s/") for link in links)
    assert admin_client.get(links[0].removeprefix("http://heard.test")).status_code == 200
    page = check_page(admin_client.get(PAGE).data)
    summary = page.select_one(".govuk-summary-list").get_text(" ", strip=True)
    assert "Links made 3" in summary
    assert "ana@council.test" not in page.get_text()  # the page shows counts, never people
    sent = session.scalar(select(AuditEvent).where(AuditEvent.action == "invitation.email"))
    assert sent.detail == {"sent": 3, "failed": 0}


def test_links_can_be_downloaded_once_for_a_mail_merge(admin_client: Any, session: Any, wave: Any) -> None:
    page = check_page(admin_client.get(PAGE).data)
    assert "Email is not set up" in page.get_text()
    assert [i["value"] for i in page.select("input[name=delivery]")] == ["download"]
    assert "shown only once" in page.get_text()
    response = upload(admin_client, PAGE, ADDRESSES, delivery="download")
    assert response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [(r["email"], r["unit_key"]) for r in rows] == [
        ("ana@council.test", "mash"),
        ("ben@council.test", "mash"),
        ("cat@council.test", "duty"),
    ]
    assert admin_client.get(rows[0]["link"].removeprefix("http://heard.test")).status_code == 200
    assert session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "invitation.export")) == {
        "count": 3
    }
    stored = session.scalars(select(Invitation.token_hash)).all()
    assert not any(_token(r["link"]) in h for r in rows for h in stored)


def test_a_bad_list_is_rejected_whole_with_line_numbers(
    admin_client: Any, session: Any, wave: Any, mail: Mailbox
) -> None:
    response = upload(
        admin_client, PAGE, ADDRESSES + "oops,mash\ndan@council.test,elsewhere\n", delivery="email"
    )
    assert errors(response) == ["The file has 2 problems; no links were made"]
    cells = [c.get_text(strip=True) for c in check_page(response.data).select("table td")]
    assert cells == [
        "Line 5: 'oops' is not a valid email address",
        "Line 6: there is no unit with the key elsewhere",
    ]
    assert session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert mail.messages == []


def test_reminders_reach_only_people_who_have_not_answered(
    admin_client: Any, session: Any, wave: Any, mail: Mailbox
) -> None:
    upload(admin_client, PAGE, ADDRESSES, delivery="email")
    ben_link = mail.links("ben@council.test")[0]
    invitation = session.scalar(select(Invitation).where(Invitation.email == "ben@council.test"))
    invitation.used = True  # Ben answered
    session.commit()
    mail.messages.clear()

    page = check_page(admin_client.get(PAGE).data)
    button = page.find("form", attrs={"action": f"{PAGE}/remind"}).find("button")
    assert button.get_text(strip=True) == "Send 2 reminders"
    response = post_form(admin_client, f"{PAGE}/remind", {}, form_page=PAGE)
    assert response.status_code == 302
    assert sorted(mail.recipients) == ["ana@council.test", "cat@council.test"]
    assert "2 reminders sent." in banner(admin_client, PAGE)
    assert _token(ben_link) not in " ".join(m.get_body().get_content() for m in mail.messages)


def test_links_that_could_not_be_emailed_can_be_sent_later(
    admin_client: Any, session: Any, wave: Any, app: Any
) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)  # nothing listens there
    upload(admin_client, PAGE, ADDRESSES, delivery="email")
    message = banner(admin_client, PAGE)
    assert "3 links were made but could not be emailed" in message
    page = check_page(admin_client.get(PAGE).data)
    assert "3 invitations were made but never emailed" in page.get_text()
    assert page.find("form", attrs={"action": f"{PAGE}/send-unsent"}) is not None


def test_a_closed_wave_takes_no_more_invitations(admin_client: Any, session: Any, wave: Any) -> None:
    wave.status = "closed"
    session.commit()
    page = check_page(admin_client.get(PAGE).data)
    assert page.find("input", attrs={"type": "file"}) is None
    assert "no invitations or reminders can be sent" in page.get_text()
