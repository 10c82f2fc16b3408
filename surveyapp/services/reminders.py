"""Emailing single-use links: the first invitation, and reminders to people who have not answered.

Raw tokens exist only when a link is made, so a reminder cannot resend the original link: it issues a
fresh token for the same invitation (same unit, still single-use) and the earlier link stops working.
Reminders go only to invitations that are unused and still hold an address; nobody is ever told who has
or has not answered — only how many reminders went.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from surveyapp.models import Invitation, User, Wave
from surveyapp.models.base import utcnow
from surveyapp.services import audit
from surveyapp.services.mailer import MailSettings, invitation_message, send_all
from surveyapp.services.surveys import SurveyError
from surveyapp.services.tokens import hash_token, new_token


@dataclass(frozen=True)
class Delivery:
    """How many emails the server accepted and how many it did not."""

    sent: int
    failed: int


@dataclass(frozen=True)
class EmailCounts:
    """Where a wave's invitations stand (counts only)."""

    invitations: int
    with_address: int
    never_sent: int
    remindable: int


def email_counts(session: Session, wave: Wave) -> EmailCounts:
    """Counts of a wave's invitations: all, still holding an address, never emailed, open to a reminder.

    ``remindable`` counts unused invitations with an address. It is shown only as a number of emails
    to be sent, never per person.
    """
    has_email = Invitation.email.is_not(None)
    base = select(func.count()).select_from(Invitation).where(Invitation.wave_id == wave.id)
    return EmailCounts(
        invitations=session.scalar(base) or 0,
        with_address=session.scalar(base.where(has_email)) or 0,
        never_sent=session.scalar(
            base.where(has_email, Invitation.used.is_(False), Invitation.last_sent_at.is_(None))
        )
        or 0,
        remindable=session.scalar(base.where(has_email, Invitation.used.is_(False))) or 0,
    )


def deliver(
    session: Session,
    wave: Wave,
    pairs: Sequence[tuple[Invitation, str]],
    *,
    settings: MailSettings,
    base_url: str,
    council_name: str,
    reminder: bool = False,
) -> Delivery:
    """Email each invitation in ``pairs`` (invitation, raw token) its link; record who was sent one.

    For a reminder the token is a fresh one: it replaces the stored hash only once the server accepted
    the email, so a failed send leaves the earlier link working.
    """
    pairs = [(inv, token) for inv, token in pairs if inv.email]
    messages = [
        invitation_message(
            settings,
            to=inv.email or "",
            survey=wave.survey,
            wave=wave,
            link=f"{base_url}/s/{token}",
            council_name=council_name,
            reminder=reminder,
        )
        for inv, token in pairs
    ]
    results = send_all(settings, messages)
    now = utcnow()
    sent = 0
    for (invitation, token), accepted in zip(pairs, results, strict=True):
        if not accepted:
            continue
        sent += 1
        values: dict[str, object] = {"last_sent_at": now, "token_hash": hash_token(token)}
        if reminder:
            values["reminders_sent"] = Invitation.reminders_sent + 1
        # Only while still unused: a link answered meanwhile keeps its state.
        session.execute(
            update(Invitation)
            .where(Invitation.id == invitation.id, Invitation.used.is_(False))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    session.expire_all()
    return Delivery(sent=sent, failed=len(pairs) - sent)


def send_reminders(
    session: Session,
    wave: Wave,
    *,
    settings: MailSettings,
    base_url: str,
    council_name: str,
    user: User | None = None,
    only_never_sent: bool = False,
) -> Delivery:
    """Email a fresh link to every unused invitation of ``wave`` that still has an address.

    With ``only_never_sent``, only to those whose first email never went (e.g. the server was down).
    """
    if wave.status not in ("open", "draft") or (wave.status == "draft" and not only_never_sent):
        raise SurveyError(f"Wave {wave.number} is {wave.status}: reminders are sent only while it is open")
    query = select(Invitation).where(
        Invitation.wave_id == wave.id, Invitation.used.is_(False), Invitation.email.is_not(None)
    )
    if only_never_sent:
        query = query.where(Invitation.last_sent_at.is_(None))
    invitations = list(session.scalars(query.order_by(Invitation.id)))
    pairs = [(invitation, new_token()) for invitation in invitations]
    delivery = deliver(
        session,
        wave,
        pairs,
        settings=settings,
        base_url=base_url,
        council_name=council_name,
        reminder=not only_never_sent,
    )
    audit.record(
        session,
        "invitation.email_unsent" if only_never_sent else "invitation.remind",
        user=user,
        target_type="wave",
        target_id=wave.id,
        sent=delivery.sent,
        failed=delivery.failed,
    )
    return delivery
