"""Sending mail through a real SMTP server (aiosmtpd in the test process)."""

from __future__ import annotations

from typing import Any

import pytest

from surveyapp.services.mailer import MailError, MailSettings, invitation_message, send_all
from tests.factories import make_survey, make_wave
from tests.surveyapp.admin.mailbox import Mailbox, mailbox

__all__ = ["mailbox"]


def _settings(box: Mailbox) -> MailSettings:
    return MailSettings(server=box.host, port=box.port, sender="Heard <heard@council.test>")


def test_messages_arrive_and_a_refused_recipient_fails_only_its_own(mailbox: Mailbox, session: Any) -> None:
    survey = make_survey(session, title="Monthly staff pulse")
    wave = make_wave(session, survey)
    mailbox.refuse.add("left@council.test")
    messages = [
        invitation_message(
            _settings(mailbox),
            to=to,
            survey=survey,
            wave=wave,
            link=f"http://heard.test/s/{n}",
            council_name="Northmoor Council",
        )
        for n, to in enumerate(["a@council.test", "left@council.test", "b@council.test"])
    ]
    assert send_all(_settings(mailbox), messages) == [True, False, True]
    assert mailbox.recipients == ["a@council.test", "b@council.test"]
    body = mailbox.body("a@council.test")
    assert "http://heard.test/s/0" in body and "anonymous" in body
    assert mailbox.messages[0]["Subject"] == "Monthly staff pulse – have your say"
    assert mailbox.messages[0]["From"] == "Heard <heard@council.test>"


def test_a_server_that_cannot_be_reached_fails_the_batch(session: Any) -> None:
    survey = make_survey(session)
    wave = make_wave(session, survey)
    settings = MailSettings(server="127.0.0.1", port=1, timeout=2)
    message = invitation_message(
        settings, to="a@council.test", survey=survey, wave=wave, link="x", council_name="C"
    )
    with pytest.raises(MailError, match="Could not send email"):
        send_all(settings, [message])


def test_without_a_server_nothing_is_attempted() -> None:
    assert not MailSettings(server=None).enabled
    assert send_all(MailSettings(server=None), []) == []


def test_settings_come_from_the_mail_config() -> None:
    settings = MailSettings.from_config(
        {"MAIL_SERVER": "smtp.council.test", "MAIL_PORT": 587, "MAIL_USE_TLS": True, "MAIL_USERNAME": "heard"}
    )
    assert (settings.server, settings.port, settings.use_tls, settings.username) == (
        "smtp.council.test",
        587,
        True,
        "heard",
    )
