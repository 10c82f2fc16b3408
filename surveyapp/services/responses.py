"""Storing a submitted response: all or nothing, and at most once per invitation.

One transaction marks the invitation used (a conditional UPDATE that only one submit can win) and inserts
the response, its answers and its comments; anything that fails rolls every part of it back. The response
keeps the day only — never the time, an address, a device or which invitation it came from.

Each question page carries a random key (``new_response_key``); the response's id is an HMAC of it, so a
browser resending a submit whose acknowledgement was lost finds the id already stored and is thanked
again instead of counted twice, while the id still reveals nothing to someone reading the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import exists, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from questionnaires.schema import Questionnaire
from surveyapp.models import Answer, Comment, Invitation, Response, Unit
from surveyapp.models.base import random_id
from surveyapp.models.responses import CHANNELS


class AlreadySubmitted(Exception):
    """The invitation was used by another submit (another tab or machine) before this one."""


class AlreadyStored(Exception):
    """This very submission (same page key) was stored before: a retry. Nothing more was stored."""


# secrets.token_urlsafe(16): 22 URL-safe base64 characters.
_RESPONSE_KEY = re.compile(r"[A-Za-z0-9_-]{22}")


def new_response_key() -> str:
    """A fresh random key for one rendering of the question page."""
    return secrets.token_urlsafe(16)


def valid_response_key(key: str | None) -> bool:
    """True if ``key`` looks like one ``new_response_key`` made (anything else is treated as missing)."""
    return key is not None and _RESPONSE_KEY.fullmatch(key) is not None


def response_id(secret_key: str, wave_id: int, key: str) -> str:
    """The id of the response sent from the page carrying ``key``: 32 hex digits like ``random_id``.

    Keyed with the app's secret, so no one reading the database can link a row to a page; bound to the
    wave, so a key replayed into another wave can never be mistaken for a retry there.
    """
    message = f"heard.response:{wave_id}:{key}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).hexdigest()[:32]


def is_stored(session: Session, response_id: str, wave_id: int) -> bool:
    """True if the response with this id is stored in ``wave_id`` (a retry of a used invitation)."""
    return bool(
        session.scalar(select(exists().where(Response.id == response_id, Response.wave_id == wave_id)))
    )


class SubmitFailed(RuntimeError):
    """The database refused the response; nothing of it was stored.

    The message names the kind of failure only: driver messages quote the statement's parameters,
    which here are answers and comments, and those must never reach a log.
    """


@dataclass(frozen=True)
class AnswerValue:
    """One stored answer to a closed question."""

    question_key: str
    value: str
    numeric_value: int | None


@dataclass(frozen=True)
class Submission:
    """Everything one respondent sent, ready to store. ``invitation_id`` is used and then forgotten."""

    wave_id: int
    unit_id: int
    channel: str
    answers: tuple[AnswerValue, ...] = ()
    comments: tuple[tuple[str, str], ...] = ()
    organisation_named: bool = False
    role_band: str | None = None
    invitation_id: int | None = field(default=None, repr=False)
    # From ``response_id``: a retry with the same id is recognised. None: a random id (no retries).
    response_id: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if (self.invitation_id is not None) != (self.channel == "invitation"):
            raise ValueError("an invitation submission needs its invitation, and only it may have one")


class NoGroupForPartner(RuntimeError):
    """A partner organisation has no group, so an anonymous answer from it would single it out."""


def filing_unit(unit: Unit, *, named: bool = False) -> Unit:
    """The unit a response from someone in ``unit`` is filed under.

    A partner organisation (a school, a health or police team) is recorded only when its respondent
    chose to name it; otherwise the answer goes to its phase-and-area group, never the organisation.
    """
    if unit.kind != "partner" or named:
        return unit
    if unit.parent is None:
        raise NoGroupForPartner(f"partner {unit.key} has no group to file anonymous answers under")
    return unit.parent


def partner_groups(units: Iterable[Unit]) -> list[Unit]:
    """The groups partners in ``units`` choose from when they do not name their organisation, by name."""
    groups = {filing_unit(u) for u in units if u.kind in ("partner", "partner_group")}
    return sorted(groups, key=lambda unit: unit.name)


def numeric_value(question_type: str, value: str) -> int | None:
    """The number analysis uses for an answer: the scale point, 1/0 for yes/no, else None."""
    if question_type in ("likert5", "scale0_10"):
        return int(value)
    if question_type == "yes_no":
        return 1 if value == "yes" else 0
    return None


def answer_values(
    questionnaire: Questionnaire, answers: Mapping[str, str | Iterable[str] | None]
) -> tuple[tuple[AnswerValue, ...], tuple[tuple[str, str], ...]]:
    """Split validated answers (question key → value(s) or text) into answer rows and comments.

    Unanswered optional questions and blank comments store nothing.
    """
    rows: list[AnswerValue] = []
    comments: list[tuple[str, str]] = []
    for question in questionnaire.questions:
        given = answers.get(question.key)
        if not given:
            continue
        if question.type == "free_text":
            assert isinstance(given, str)
            comments.append((question.key, given))
            continue
        values = [given] if isinstance(given, str) else sorted(set(given))
        for value in values:
            rows.append(AnswerValue(question.key, value, numeric_value(question.type, value)))
    return tuple(rows), tuple(comments)


def submit(session: Session, submission: Submission, *, today: dt.date | None = None) -> None:
    """Store ``submission`` in one transaction, or nothing at all.

    Raises ``AlreadySubmitted`` if the invitation has been used (also when two submits race: the
    conditional UPDATE lets exactly one of them claim it), ``AlreadyStored`` if a response with the
    submission's id is already stored (a retry, or two sends of one page racing: the insert is
    ``ON CONFLICT DO NOTHING``, which waits for the other transaction and then sees its row),
    ``SubmitFailed`` if the database refuses the rows. Returns nothing, so no caller can learn, keep or
    log which response it made.
    """
    # End any read transaction the request opened before writing. On PostgreSQL this keeps the write
    # transaction short; on SQLite a transaction that has read and then writes cannot wait for the write
    # lock (it fails at once if another write landed in between), whereas one that starts by writing does.
    session.commit()
    try:
        if submission.invitation_id is not None:
            claimed = session.execute(
                update(Invitation)
                .where(Invitation.id == submission.invitation_id, Invitation.used.is_(False))
                # The address and send time go as the link is used: this row and the response are written
                # in one transaction (PostgreSQL gives both the same xmin), so keep nothing personal here.
                .values(used=True, email=None, last_sent_at=None)
            ).rowcount
            if claimed != 1:
                # The UPDATE waited for any submit racing this one, so its response is visible now.
                if submission.response_id is not None and is_stored(
                    session, submission.response_id, submission.wave_id
                ):
                    raise AlreadyStored("this page's answers were stored before")
                raise AlreadySubmitted("this invitation has already been used")
        response_id = submission.response_id or random_id()
        # Heard runs on these two; both know ON CONFLICT, so a repeated id is no error, just no row back.
        dialect_insert = (
            postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
        )
        inserted = session.execute(
            dialect_insert(Response)
            .on_conflict_do_nothing(index_elements=["id"])
            .values(
                id=response_id,
                wave_id=submission.wave_id,
                unit_id=submission.unit_id,
                role_band=submission.role_band,
                organisation_named=submission.organisation_named,
                submitted_on=today or dt.date.today(),
                channel=submission.channel,
            )
            .returning(Response.id)  # a row back means inserted (rowcount is not reliable here)
        ).first()
        if inserted is None:
            raise AlreadyStored("this page's answers were stored before")
        if submission.answers:
            session.execute(
                insert(Answer),
                [
                    {
                        "response_id": response_id,
                        "question_key": a.question_key,
                        "value": a.value,
                        "numeric_value": a.numeric_value,
                    }
                    for a in submission.answers
                ],
            )
        if submission.comments:
            session.execute(
                insert(Comment),
                [
                    {"response_id": response_id, "question_key": key, "text": text}
                    for key, text in submission.comments
                ],
            )
        session.commit()
    except SQLAlchemyError as error:
        session.rollback()
        if submission.response_id is not None and _stored_after_all(session, submission):
            raise AlreadyStored("this page's answers were stored before") from None
        # `from None`: the chained driver error would print the parameters (the answers) in a traceback.
        raise SubmitFailed(f"{type(error).__name__} while storing a response; nothing was stored") from None
    except BaseException:
        session.rollback()
        raise


def _stored_after_all(session: Session, submission: Submission) -> bool:
    """After a failed insert: was the response stored by a racing send of the same page?"""
    assert submission.response_id is not None
    try:
        return is_stored(session, submission.response_id, submission.wave_id)
    except SQLAlchemyError:
        session.rollback()
        return False
    finally:
        session.rollback()
