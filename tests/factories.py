"""Factories for test data: small, explicit builders instead of copy-pasted setup."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from flask import g, has_app_context
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from surveyapp.models import Answer, Comment, Invitation, OpenLink, Response, Survey, Unit, User, Wave
from surveyapp.services.questionnaires import latest_version, sync_questionnaires
from surveyapp.services.surveys import create_survey
from surveyapp.services.tokens import hash_token, new_token
from surveyapp.services.users import hash_password

_sequence = itertools.count(1)


def make_unit(
    session: Session, *, kind: str = "team", parent: Unit | None = None, headcount: int = 10, **fields: Any
) -> Unit:
    """A unit with a unique key."""
    number = next(_sequence)
    unit = Unit(
        key=fields.pop("key", f"unit-{number}"),
        name=fields.pop("name", f"Unit {number}"),
        kind=kind,
        parent=parent,
        headcount=headcount,
        **fields,
    )
    session.add(unit)
    session.flush()
    return unit


def make_survey(
    session: Session,
    *,
    questionnaire_key: str = "staff-pulse",
    audience: list[Unit] | None = None,
    **fields: Any,
) -> Survey:
    """A survey of a shipped questionnaire (snapshots are synced on first use)."""
    if latest_version(session, questionnaire_key) is None:
        sync_questionnaires(session)
    questionnaire = latest_version(session, questionnaire_key)
    assert questionnaire is not None
    number = next(_sequence)
    return create_survey(
        session,
        key=fields.pop("key", f"survey-{number}"),
        title=fields.pop("title", f"Survey {number}"),
        questionnaire=questionnaire,
        cadence=fields.pop("cadence", "monthly"),
        audience=audience if audience is not None else [make_unit(session)],
        **fields,
    )


def make_wave(
    session: Session,
    survey: Survey,
    *,
    status: str = "open",
    number: int | None = None,
    opens_on: dt.date | None = None,
    closes_on: dt.date | None = None,
) -> Wave:
    """A wave of ``survey`` with the given status."""
    opens_on = opens_on or dt.date.today() - dt.timedelta(days=3)
    wave = Wave(
        survey=survey,
        number=number or len(survey.waves) + 1,
        questionnaire_id=survey.questionnaire_id,
        opens_on=opens_on,
        closes_on=closes_on or opens_on + dt.timedelta(days=14),
        status=status,
    )
    session.add(wave)
    session.flush()
    return wave


def make_invitation(
    session: Session, wave: Wave, unit: Unit, *, used: bool = False
) -> tuple[Invitation, str]:
    """An invitation and its raw token."""
    token = new_token()
    invitation = Invitation(wave=wave, unit=unit, token_hash=hash_token(token), used=used)
    session.add(invitation)
    session.flush()
    return invitation, token


def make_open_link(session: Session, survey: Survey, *, slug: str | None = None, **fields: Any) -> OpenLink:
    """An open link for ``survey``."""
    link = OpenLink(slug=slug or f"link-{next(_sequence)}", survey=survey, **fields)
    session.add(link)
    session.flush()
    return link


def make_response(
    session: Session,
    wave: Wave,
    unit: Unit,
    *,
    answers: dict[str, str] | None = None,
    comments: dict[str, str] | None = None,
    channel: str = "invitation",
) -> Response:
    """A response with the given answers (question key → value) and comments."""
    response = Response(wave=wave, unit=unit, submitted_on=dt.date.today(), channel=channel)
    for key, value in (answers or {}).items():
        response.answers.append(
            Answer(question_key=key, value=value, numeric_value=int(value) if value.isdigit() else None)
        )
    for key, text in (comments or {}).items():
        response.comments.append(Comment(question_key=key, text=text))
    session.add(response)
    session.flush()
    return response


def make_partner_survey(session: Session, **fields: Any) -> tuple[Survey, dict[str, Unit], list[Unit]]:
    """A confidential-partner survey of the partnership questionnaire for four schools in two groups.

    Returns the survey, the groups by key (``primary-north``, ``secondary``) and the schools.
    """
    groups = {
        "primary-north": make_unit(
            session, kind="partner_group", name="Primary schools – North", partner_type="primary"
        ),
        "secondary": make_unit(
            session, kind="partner_group", name="Secondary schools", partner_type="secondary"
        ),
    }
    schools = [
        make_unit(session, kind="partner", parent=groups["primary-north"], name=name, partner_type="primary")
        for name in ("Abbey Fields Primary School", "Beckside Primary School")
    ] + [
        make_unit(session, kind="partner", parent=groups["secondary"], name=name, partner_type="secondary")
        for name in ("Castle View School", "Westgate High")
    ]
    survey = make_survey(
        session,
        questionnaire_key="partnership-feedback",
        audience=schools,
        anonymity_mode=fields.pop("anonymity_mode", "confidential-partner"),
        title=fields.pop("title", "Termly partnership feedback"),
        **fields,
    )
    return survey, groups, schools


# Answers a respondent might give, as form fields (question key prefixed with q_).
STAFF_PULSE_ANSWERS = {
    "q_caseload": "2",
    "q_supervision": "4",
    "q_practice_model": "3",
    "q_leaders_visible": "5",
    "q_feedback_acted_on": "1",
    "q_recording_system": "2",
    "q_wellbeing": "4",
    "q_recommend": "7",
    "q_working_well": "Supervision is regular and my manager makes time after a hard visit.",
    "q_one_change": "",
}
PARTNERSHIP_ANSWERS = {
    "q_communication": "3",
    "q_roles_contacts": "4",
    "q_safeguarding_referrals": "2",
    "q_listened_to": "3",
    "q_early_help": "4",
    "q_overall_confidence": "3",
    "q_setting": "primary",
    "q_comments": "Tell us sooner when a social worker changes.",
}


def form_answers(questionnaire_key: str = "staff-pulse", **overrides: str) -> dict[str, str]:
    """A complete, valid set of answers to a shipped questionnaire's form, with ``overrides`` applied."""
    base = STAFF_PULSE_ANSWERS if questionnaire_key == "staff-pulse" else PARTNERSHIP_ANSWERS
    return {**base, **overrides}


DEFAULT_PASSWORD = "correct horse battery staple"


_password_hashes: dict[str, str] = {}


def make_user(
    session: Session,
    *,
    role: str = "admin",
    scope: list[Unit] | None = None,
    password: str = DEFAULT_PASSWORD,
    **fields: Any,
) -> User:
    """A staff account whose password is ``password``: a real argon2id hash, computed once per password
    (hashing is deliberately slow, and tests make many accounts)."""
    if password not in _password_hashes:
        _password_hashes[password] = hash_password(password)
    number = next(_sequence)
    user = User(
        email=fields.pop("email", f"{role}-{number}@heard.test").lower(),
        name=fields.pop("name", f"{role.title()} {number}"),
        role=role,
        password_hash=_password_hashes[password],
        **fields,
    )
    user.scope = scope or []
    session.add(user)
    session.flush()
    return user


def sign_in_as(client: Any, user: User) -> Any:
    """Give ``client`` a signed-in session for ``user`` without the sign-in form (and its rate limit).

    Sign-in itself (with the authenticator code admins and leaders need) is tested through the forms in
    tests/surveyapp/auth; here the session is marked as having confirmed that code.
    """
    from surveyapp.auth.sessions import stamp

    with client.session_transaction() as store:
        store["_user_id"] = str(user.id)
        store["_fresh"] = True
        stamp(store, user, mfa_verified=True)
    return client


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_mfa(session: Session, user: User, secret: str = TEST_TOTP_SECRET) -> str:
    """Give ``user`` a set-up authenticator app with ``secret`` (as if they had scanned the QR code)."""
    user.totp_secret = secret
    user.totp_enabled_at = dt.datetime.now(dt.UTC)
    session.flush()
    return secret


def totp_code(secret: str = TEST_TOTP_SECRET, steps_ahead: int = 0) -> str:
    """The authenticator code for ``secret`` now, or ``steps_ahead`` 30-second steps later (each code is
    accepted once, so a test signing in twice uses the next step's code the second time)."""
    import time

    import pyotp

    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def csrf_token(client: Any, path: str) -> str:
    """The CSRF token from the first form on ``path`` (so tests post exactly as a browser would)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup(client.get(path).data, "html.parser")
    field = page.find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"no CSRF token on {path}"
    return str(field["value"])


class RequestIsolatingClient(FlaskClient):
    """A test client whose every request starts with empty ``flask.g``, as in production.

    The ``session`` fixture keeps an app context open for the whole test, and Flask then runs each test
    request inside it, so ``g`` would carry Flask-Login's cached user and Flask-WTF's CSRF token from one
    request to the next. Sign-in and session tests need each request to load them afresh.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)


def make_commented_survey(
    session: Session,
    *,
    areas: int = 2,
    teams_per_area: int = 2,
    waves: int = 2,
    comments_per_team: int = 12,
    seed: int = 7,
    **fields: Any,
) -> Survey:
    """A closed-wave staff survey whose teams wrote demo-style comments (invented, reproducible).

    Each of ``areas`` service areas has ``teams_per_area`` teams; every team sends ``comments_per_team``
    responses with one comment in each of ``waves`` closed waves.
    """
    import random

    rng = random.Random(seed)
    directorate = make_unit(session, kind="directorate", name=f"Directorate {next(_sequence)}")
    area_units = [
        make_unit(session, kind="service_area", parent=directorate, name=name)
        for name in ["Assessment", "Children in care", "Early help", "Fostering"][:areas]
    ]
    teams = [
        make_unit(session, kind="team", parent=area, name=f"{area.name} team {i + 1}")
        for area in area_units
        for i in range(teams_per_area)
    ]
    survey = make_survey(session, audience=[directorate], **fields)
    for number in range(1, waves + 1):
        wave = make_wave(session, survey, status="closed", number=number)
        add_comments(session, wave, teams, comments_per_team, rng=rng, n_waves=waves)
    return survey


def add_comments(
    session: Session, wave: Wave, teams: list[Unit], per_team: int, *, rng: Any, n_waves: int = 6
) -> None:
    """``per_team`` responses with one demo-style comment each, for every team in ``teams``."""
    from surveyapp.demo.comments import staff_comment

    for team in teams:
        written = 0
        while written < per_team:
            text = staff_comment(
                rng,
                question_key="one_change",
                wave=wave.number,
                n_waves=n_waves,
                service_area=(team.parent or team).name,
            )
            if text:
                make_response(session, wave, team, comments={"one_change": text})
                written += 1


def make_flagged_comment(session: Session, wave: Wave, unit: Unit, text: str | None = None) -> Comment:
    """A comment already analysed and held for moderation."""
    response = make_response(
        session,
        wave,
        unit,
        comments={"one_change": text or "My manager shouts at me every day and I am frightened of him."},
    )
    comment = response.comments[0]
    comment.redacted_text = comment.text
    comment.redactions = []
    comment.sentiment, comment.sentiment_label = -0.8, "negative"
    comment.flags = [{"kind": "harassment", "reason": "mentions bullying or harassment"}]
    comment.moderation_state = "pending"
    session.flush()
    return comment


# --- issue 6: dashboard, actions and board pack -------------------------------------------------------


def make_theme(session: Session, survey: Survey, *, label: str = "Caseloads", **fields: Any) -> Any:
    """A theme of ``survey``."""
    from surveyapp.models import Theme

    theme = Theme(survey=survey, label=label, keywords=fields.pop("keywords", ["caseload"]), **fields)
    session.add(theme)
    session.flush()
    return theme


def make_theme_stat(session: Session, theme: Any, wave: Wave, *, comment_count: int, **fields: Any) -> Any:
    """A theme's stored figures for one wave (as the analysis job writes them)."""
    from surveyapp.models import ThemeWaveStat

    stat = ThemeWaveStat(
        theme_id=theme.id,
        wave_id=wave.id,
        comment_count=comment_count,
        share=fields.pop("share", 0.2),
        sentiment_mean=fields.pop("sentiment_mean", -0.1),
        **fields,
    )
    session.add(stat)
    session.flush()
    return stat


def make_action(
    session: Session, survey: Survey, *, published_on: dt.date | None = None, **fields: Any
) -> Any:
    """A 'you said, we did' action answering a question (default ``caseload``)."""
    from surveyapp.models import Action

    action = Action(
        survey=survey,
        question_key=fields.pop("question_key", None if "theme" in fields else "caseload"),
        you_said=fields.pop("you_said", "Caseloads are too high."),
        we_did=fields.pop("we_did", "We recruited eight social workers."),
        owner=fields.pop("owner", "Head of Service"),
        published_on=published_on,
        **fields,
    )
    session.add(action)
    session.flush()
    return action


def make_scored_org(
    session: Session, team_sizes: dict[str, dict[str, int]], *, waves: int = 1, favourable_every: int = 2
) -> dict[str, Any]:
    """A directorate with service areas and teams, and a staff-pulse survey with ``waves`` closed waves.

    ``team_sizes`` maps area name → team name → responses per wave; every ``favourable_every``-th
    response agrees with every question ("4", recommend "9"), the rest disagree ("2", recommend "5").
    Returns the units by name, the survey and its waves.
    """
    directorate = make_unit(session, kind="directorate", name="Children's Services", headcount=0)
    units: dict[str, Unit] = {"Children's Services": directorate}
    teams: list[Unit] = []
    for area_name, teams_spec in team_sizes.items():
        area = make_unit(session, kind="service_area", parent=directorate, name=area_name, headcount=0)
        units[area_name] = area
        for team_name, _size in teams_spec.items():
            team = make_unit(session, kind="team", parent=area, name=team_name, headcount=20)
            units[team_name] = team
            teams.append(team)
    survey = make_survey(session, audience=teams)
    made = []
    for number in range(1, waves + 1):
        wave = make_wave(session, survey, status="closed", number=number)
        made.append(wave)
        for teams_spec in team_sizes.values():
            for team_name, size in teams_spec.items():
                for index in range(size):
                    good = index % favourable_every == 0
                    answers = {
                        key: "4" if good else "2"
                        for key in (
                            "caseload",
                            "supervision",
                            "practice_model",
                            "leaders_visible",
                            "feedback_acted_on",
                            "recording_system",
                            "wellbeing",
                        )
                    }
                    answers["recommend"] = "9" if good else "5"
                    make_response(session, wave, units[team_name], answers=answers)
    return {"units": units, "survey": survey, "waves": made}
