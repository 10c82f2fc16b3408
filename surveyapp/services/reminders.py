"""Emailing single-use links: the first invitation, and reminders to people who have not answered.

Raw tokens exist only when a link is made, so a reminder cannot resend the original link: it issues a
fresh token for the same invitation (same unit, still single-use) and the earlier link stops working.
Reminders go only to invitations that are unused and still hold an address; nobody is ever told who has
or has not answered — only how many reminders went.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from surveyapp.models import Invitation, User, Wave
from surveyapp.models.base import utcnow
from surveyapp.services import audit
from surveyapp.services.mailer import TEMPORARY, MailError, MailSettings, connect, invitation_message
from surveyapp.services.surveys import SurveyError
from surveyapp.services.tokens import hash_token, new_token


@dataclass(frozen=True)
class Delivery:
    """How many emails the server accepted and how many it did not.

    ``deferred`` (part of ``failed``) were refused for now (SMTP 4xx) or not tried because the connection
    failed: a retry may send them.
    """

    sent: int
    failed: int
    deferred: int = 0


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
    """Email each invitation in ``pairs`` (invitation, raw token) its link, one at a time; commits as it goes.

    Nobody is emailed twice, even by two deliveries at once or a retried job: before its email goes,
    an invitation is claimed by moving ``last_sent_at`` on from the value read (compare-and-set,
    committed), and a delivery that finds it moved skips it. Once the server accepts, the token's hash
    is stored (for a reminder the token is a fresh one, so the earlier link works until then) and the
    reminder counted; if the server refuses, the claim is undone. A crash between the server accepting
    and that record leaves at worst a link that no longer works (a later reminder mends it), never a
    second email. Raises ``MailError`` if the server cannot be reached (nothing is claimed then).
    """
    plan = [(inv.id, inv.email, inv.last_sent_at, token) for inv, token in pairs if inv.email]
    sent = failed = deferred = 0
    if not plan:
        return Delivery(sent=0, failed=0)
    with connect(settings) as connection:
        for index, (invitation_id, email, seen, token) in enumerate(plan):
            claimed_at = utcnow()
            claim = session.execute(
                update(Invitation)
                .where(
                    Invitation.id == invitation_id,
                    Invitation.used.is_(False),
                    Invitation.last_sent_at.is_not_distinct_from(seen),
                )
                .values(last_sent_at=claimed_at)
                .execution_options(synchronize_session=False)
            )
            session.commit()
            if claim.rowcount != 1:  # sent by another delivery meanwhile, or answered
                continue
            message = invitation_message(
                settings,
                to=email,
                survey=wave.survey,
                wave=wave,
                link=f"{base_url}/s/{token}",
                council_name=council_name,
                reminder=reminder,
            )
            try:
                outcome = connection.send(message)
            except MailError:
                _unclaim(session, invitation_id, seen, claimed_at)
                failed += len(plan) - index
                deferred += len(plan) - index
                break
            if outcome is True:
                sent += 1
                values: dict[str, object] = {"token_hash": hash_token(token)}
                if reminder:
                    values["reminders_sent"] = Invitation.reminders_sent + 1
                # Only while still unused: a link answered meanwhile keeps its state.
                session.execute(
                    update(Invitation)
                    .where(Invitation.id == invitation_id, Invitation.used.is_(False))
                    .values(**values)
                    .execution_options(synchronize_session=False)
                )
                session.commit()
            else:
                _unclaim(session, invitation_id, seen, claimed_at)
                failed += 1
                deferred += outcome == TEMPORARY
    session.expire_all()
    return Delivery(sent=sent, failed=failed, deferred=deferred)


def _unclaim(session: Session, invitation_id: int, seen: object, claimed_at: object) -> None:
    """Give an invitation whose email did not go back its earlier ``last_sent_at``."""
    session.execute(
        update(Invitation)
        .where(Invitation.id == invitation_id, Invitation.last_sent_at == claimed_at)
        .values(last_sent_at=seen)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def send_reminders(
    session: Session,
    wave: Wave,
    *,
    settings: MailSettings,
    base_url: str,
    council_name: str,
    user: User | None = None,
    only_never_sent: bool = False,
    not_sent_since: dt.datetime | None = None,
) -> Delivery:
    """Email a fresh link to every unused invitation of ``wave`` that still has an address.

    With ``only_never_sent``, only to those whose first email never went (e.g. the server was down).
    With ``not_sent_since`` (when a queued job was asked for), only to those not emailed since then,
    so running the job again, or retrying it, reminds nobody twice.
    """
    if wave.status not in ("open", "draft") or (wave.status == "draft" and not only_never_sent):
        raise SurveyError(f"Wave {wave.number} is {wave.status}: reminders are sent only while it is open")
    query = select(Invitation).where(
        Invitation.wave_id == wave.id, Invitation.used.is_(False), Invitation.email.is_not(None)
    )
    if only_never_sent:
        query = query.where(Invitation.last_sent_at.is_(None))
    elif not_sent_since is not None:
        query = query.where(or_(Invitation.last_sent_at.is_(None), Invitation.last_sent_at < not_sent_since))
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
