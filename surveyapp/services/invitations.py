"""Single-use invitation links and open links, and finding which survey a link leads to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from surveyapp.models import Invitation, OpenLink, Survey, Unit, User, Wave
from surveyapp.services import audit
from surveyapp.services.surveys import SurveyError, current_wave
from surveyapp.services.tokens import hash_token, new_token


def create_invitations(
    session: Session,
    wave: Wave,
    unit: Unit,
    count: int,
    *,
    emails: list[str] | None = None,
    user: User | None = None,
) -> list[str]:
    """Create ``count`` single-use links for people in ``unit``; returns the raw tokens (shown once)."""
    if wave.status != "open" and wave.status != "draft":
        raise SurveyError(
            f"Wave {wave.number} is {wave.status}: invitations can only be made for a draft or open wave"
        )
    if count < 1:
        raise SurveyError("The number of invitations must be at least 1")
    tokens = []
    for index in range(count):
        token = new_token()
        email = emails[index] if emails else None
        session.add(Invitation(wave=wave, unit=unit, token_hash=hash_token(token), email=email))
        tokens.append(token)
    session.flush()
    audit.record(session, "invitation.create", user=user, target_type="wave", target_id=wave.id, count=count)
    return tokens


@dataclass(frozen=True)
class LinkTarget:
    """Where a survey link leads: the wave to answer, the unit if fixed, and how it arrived."""

    survey: Survey
    wave: Wave | None
    unit: Unit | None
    invitation: Invitation | None
    open_link: OpenLink | None

    @property
    def channel(self) -> str:
        return "invitation" if self.invitation is not None else "open_link"


class LinkProblem(Exception):
    """A link that cannot be answered: ``reason`` is one of unknown, used, not_open, closed."""

    def __init__(self, reason: str, survey: Survey | None = None, wave: Wave | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.survey = survey
        self.wave = wave


def resolve_link(session: Session, token_or_slug: str) -> LinkTarget:
    """Find what a ``/s/<token-or-slug>`` link leads to, or raise ``LinkProblem`` saying why not."""
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token_or_slug)))
    if invitation is not None:
        wave = invitation.wave
        _check_wave(wave, wave.survey)
        if invitation.used:
            raise LinkProblem("used", wave.survey, wave)
        return LinkTarget(wave.survey, wave, invitation.unit, invitation, None)

    link = session.scalar(select(OpenLink).where(OpenLink.slug == token_or_slug, OpenLink.active.is_(True)))
    if link is None:
        raise LinkProblem("unknown")
    wave = link.wave or current_wave(session, link.survey)
    if wave is None:
        latest = link.survey.waves[-1] if link.survey.waves else None
        raise LinkProblem("closed" if latest is not None else "not_open", link.survey, latest)
    _check_wave(wave, link.survey)
    return LinkTarget(link.survey, wave, link.unit, None, link)


def _check_wave(wave: Wave, survey: Survey) -> None:
    if wave.status == "draft":
        raise LinkProblem("not_open", survey, wave)
    if wave.status in ("closed", "analysed"):
        raise LinkProblem("closed", survey, wave)


def _slug_base(survey: Survey, unit: Unit | None) -> str:
    base = f"{survey.key}-{unit.key}" if unit is not None else f"{survey.key}-event"
    return base[:70].rstrip("-")


def create_open_link(
    session: Session, survey: Survey, unit: Unit | None, *, user: User | None = None
) -> OpenLink:
    """A new team-wide link for ``survey`` (fixed to ``unit`` when given) with a readable, unique slug."""
    base = _slug_base(survey, unit)
    taken = set(session.scalars(select(OpenLink.slug).where(OpenLink.slug.startswith(base))))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    link = OpenLink(slug=slug, survey=survey, unit=unit)
    session.add(link)
    session.flush()
    audit.record(
        session, "open_link.create", user=user, target_type="open_link", target_id=link.id, slug=slug
    )
    return link


def set_open_link_active(session: Session, link: OpenLink, active: bool, *, user: User | None = None) -> None:
    """Switch an open link on or off (a switched-off link says it does not work)."""
    link.active = active
    audit.record(
        session,
        "open_link.switch_on" if active else "open_link.switch_off",
        user=user,
        target_type="open_link",
        target_id=link.id,
        slug=link.slug,
    )
