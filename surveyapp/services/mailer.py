"""Sending email through SMTP (the ``MAIL_*`` settings), and the wording of invitation emails.

Messages are sent over one connection per batch. A refused recipient fails only that message; a server
that cannot be reached fails the batch with ``MailError``. Nothing here logs addresses or links.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from surveyapp.models import Survey, Wave


class MailError(RuntimeError):
    """The mail server could not be reached or refused the whole batch."""


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send email."""

    server: str | None
    port: int = 25
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    sender: str = "Heard <no-reply@heard.invalid>"
    timeout: int = 10

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        return cls(
            server=config.get("MAIL_SERVER"),
            port=int(config.get("MAIL_PORT") or 25),
            username=config.get("MAIL_USERNAME"),
            password=config.get("MAIL_PASSWORD"),
            use_tls=bool(config.get("MAIL_USE_TLS")),
            sender=config.get("MAIL_FROM") or cls.sender,
            timeout=int(config.get("MAIL_TIMEOUT") or 10),
        )

    @property
    def enabled(self) -> bool:
        """True when a mail server is configured."""
        return bool(self.server)


TEMPORARY = "temporary"


class Connection:
    """One open SMTP connection: :meth:`send` says whether the server took a message."""

    def __init__(self, smtp: smtplib.SMTP) -> None:
        self._smtp = smtp

    def send(self, message: EmailMessage) -> bool | str:
        """True if accepted; False if refused for good (5xx); ``TEMPORARY`` if to be tried again later (4xx).

        Raises ``MailError`` when the connection itself fails.
        """
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _text in error.recipients.values()]
            return TEMPORARY if codes and all(400 <= code < 500 for code in codes) else False
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
            return TEMPORARY if 400 <= error.smtp_code < 500 else False
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(f"The connection to the mail server failed: {type(error).__name__}") from None
        return True


@contextmanager
def connect(settings: MailSettings) -> Iterator[Connection]:
    """An SMTP connection for a batch, or ``MailError`` if the server cannot be reached."""
    if not settings.enabled:
        raise MailError("Email is not set up (MAIL_SERVER is empty)")
    try:
        smtp = smtplib.SMTP(settings.server or "", settings.port, timeout=settings.timeout)
        if settings.use_tls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password or "")
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"Could not send email through {settings.server}:{settings.port}: {error}") from None
    try:
        yield Connection(smtp)
    finally:
        with suppress(OSError, smtplib.SMTPException):
            smtp.quit()


def send_all(settings: MailSettings, messages: Sequence[EmailMessage]) -> list[bool]:
    """Send ``messages``; returns, for each, whether the server accepted it."""
    if not messages:
        return []
    if not settings.enabled:
        raise MailError("Email is not set up (MAIL_SERVER is empty)")
    results = []
    try:
        with smtplib.SMTP(settings.server or "", settings.port, timeout=settings.timeout) as smtp:
            if settings.use_tls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.username:
                smtp.login(settings.username, settings.password or "")
            for message in messages:
                try:
                    smtp.send_message(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused):
                    results.append(False)
                else:
                    results.append(True)
    except (OSError, smtplib.SMTPException) as error:
        if results:  # the connection dropped part-way: what was accepted stays accepted
            return results + [False] * (len(messages) - len(results))
        raise MailError(f"Could not send email through {settings.server}:{settings.port}: {error}") from None
    return results


def invitation_message(
    settings: MailSettings,
    *,
    to: str,
    survey: Survey,
    wave: Wave,
    link: str,
    council_name: str,
    reminder: bool = False,
) -> EmailMessage:
    """The plain-text email carrying one person's single-use link."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    message["Subject"] = f"{'Reminder: ' if reminder else ''}{survey.title} – have your say"
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="heard.invalid")
    closes = _day(wave.closes_on)
    minutes = survey.questionnaire.definition.get("estimated_minutes") or 2
    lines = [
        "Hello,",
        "",
        (
            f"This is a reminder that {survey.title} closes on {closes}. If you have already answered, "
            "thank you: please ignore this email."
            if reminder
            else f"{council_name} would like to hear from you in {survey.title}. It takes about {minutes} "
            f"minutes and closes on {closes}."
        ),
        "",
        "Your personal link (it works once):",
        link,
        "",
    ]
    if reminder:
        lines += ["This link replaces the one we sent before, which no longer works.", ""]
    lines += [
        "Your answers are anonymous. The link is only used to stop answers being sent twice: we record "
        "that it has been used, never which answers came from it. Your email address is deleted when the "
        "survey closes.",
        "",
        "Do not forward this email: the link is for you only.",
        "",
        council_name,
    ]
    message.set_content("\n".join(lines))
    return message


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"
