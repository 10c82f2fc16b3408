"""Emailing links and reminders: reminders reach only people who have not answered, with a fresh link."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from surveyapp.models import AuditEvent, Invitation
from surveyapp.services.invitations import LinkProblem, resolve_link
from surveyapp.services.invitees import create_for, parse_invitees
from surveyapp.services.mailer import MailSettings
from surveyapp.services.reminders import deliver, email_counts, send_reminders
from surveyapp.services.surveys import SurveyError, close_wave
from tests.factories import make_survey, make_unit, make_wave
from tests.surveyapp.admin.mailbox import Mailbox, mailbox

__all__ = ["mailbox"]

PEOPLE = ["ana@council.test", "ben@council.test", "cat@council.test"]


@pytest.fixture
def invited(session: Any, mailbox: Mailbox) -> Any:
    unit = make_unit(session, key="mash")
    survey = make_survey(session, audience=[unit], title="Monthly staff pulse")
    wave = make_wave(session, survey)
    csv = "email,unit_key\n" + "".join(f"{p},mash\n" for p in PEOPLE)
    pairs = create_for(session, wave, parse_invitees(session, wave, csv.encode()))
    settings = MailSettings(server=mailbox.host, port=mailbox.port)
    delivery = deliver(
        session, wave, pairs, settings=settings, base_url="http://heard.test", council_name="Northmoor"
    )
    session.commit()
    assert (delivery.sent, delivery.failed) == (3, 0)
    return wave, settings


def _remind(session: Any, wave: Any, settings: MailSettings, **kwargs: Any) -> Any:
    return send_reminders(
        session, wave, settings=settings, base_url="http://heard.test", council_name="Northmoor", **kwargs
    )


def test_each_person_gets_their_own_working_link(session: Any, invited: Any, mailbox: Mailbox) -> None:
    wave, _settings = invited
    assert mailbox.recipients == PEOPLE
    links = {p: mailbox.links(p) for p in PEOPLE}
    assert all(len(found) == 1 for found in links.values())
    for person, [link] in links.items():
        target = resolve_link(session, link.rsplit("/", 1)[1])
        assert target.invitation is not None and target.invitation.email == person
    assert email_counts(session, wave).never_sent == 0


def test_a_reminder_reaches_only_people_whose_link_is_unused(
    session: Any, invited: Any, mailbox: Mailbox
) -> None:
    wave, settings = invited
    first_links = {p: mailbox.links(p)[0] for p in PEOPLE}
    answered = resolve_link(session, first_links["ben@council.test"].rsplit("/", 1)[1]).invitation
    answered.used = True  # as the respondent journey does when Ben submits
    session.commit()
    mailbox.messages.clear()

    delivery = _remind(session, wave, settings)
    session.commit()
    assert (delivery.sent, delivery.failed) == (2, 0)
    assert sorted(mailbox.recipients) == ["ana@council.test", "cat@council.test"]
    assert mailbox.messages[0]["Subject"].startswith("Reminder: ")
    new_link = mailbox.links("ana@council.test")[0]
    assert new_link != first_links["ana@council.test"]
    assert resolve_link(session, new_link.rsplit("/", 1)[1]).invitation is not None
    with pytest.raises(LinkProblem):  # the earlier link was replaced
        resolve_link(session, first_links["ana@council.test"].rsplit("/", 1)[1])
    counts = session.execute(
        select(Invitation.email, Invitation.reminders_sent).order_by(Invitation.email)
    ).all()
    assert [tuple(c) for c in counts] == [
        ("ana@council.test", 1),
        ("ben@council.test", 0),
        ("cat@council.test", 1),
    ]
    [event] = session.scalars(select(AuditEvent).where(AuditEvent.action == "invitation.remind")).all()
    assert event.detail == {"sent": 2, "failed": 0}  # a count, never who


def test_a_refused_reminder_keeps_the_earlier_link_working(
    session: Any, invited: Any, mailbox: Mailbox
) -> None:
    wave, settings = invited
    old_link = mailbox.links("cat@council.test")[0]
    mailbox.refuse.add("cat@council.test")
    delivery = _remind(session, wave, settings)
    session.commit()
    assert (delivery.sent, delivery.failed) == (2, 1)
    assert resolve_link(session, old_link.rsplit("/", 1)[1]).invitation is not None


def test_no_reminders_once_the_wave_has_closed(session: Any, invited: Any, mailbox: Mailbox) -> None:
    wave, settings = invited
    close_wave(session, wave)
    session.commit()
    assert session.scalars(select(Invitation.email)).all() == [None, None, None]
    with pytest.raises(SurveyError, match="only while it is open"):
        _remind(session, wave, settings)


def test_links_never_emailed_can_be_sent_later(session: Any, mailbox: Mailbox) -> None:
    unit = make_unit(session, key="duty")
    survey = make_survey(session, audience=[unit])
    wave = make_wave(session, survey)
    csv = "email,unit_key\nzoe@council.test,duty\n"
    create_for(session, wave, parse_invitees(session, wave, csv.encode()))  # made, never emailed
    session.commit()
    assert email_counts(session, wave).never_sent == 1
    settings = MailSettings(server=mailbox.host, port=mailbox.port)
    delivery = _remind(session, wave, settings, only_never_sent=True)
    session.commit()
    assert delivery.sent == 1 and mailbox.recipients == ["zoe@council.test"]
    assert not mailbox.messages[0]["Subject"].startswith("Reminder")
    assert email_counts(session, wave).never_sent == 0
