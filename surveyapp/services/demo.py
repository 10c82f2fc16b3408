"""Seeding the demo council: realistic, deterministic and entirely invented.

Six past monthly waves of the staff pulse whose scores and comments drift (caseloads ease as social
workers are recruited, the new recording system goes live in wave 5, leaders become visible after
staff events), two termly partnership waves, a current open wave with the open link
``/s/demo-staff-pulse``, published "you said, we did" actions and one account per role.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires.schema import Question, Questionnaire
from surveyapp.demo.comments import partner_comment, staff_comment
from surveyapp.models import Action, Answer, Comment, OpenLink, Response, Survey, Unit, Wave
from surveyapp.services.demo_org import DIRECTORATE, OTHER_PARTNERS, SERVICE_AREAS, PartnerSpec, schools
from surveyapp.services.questionnaires import from_definition, latest_version, sync_questionnaires
from surveyapp.services.surveys import create_survey, wave_counts
from surveyapp.services.users import create_user

DEMO_ACCOUNTS = (
    ("admin@demo.invalid", "Demo Admin", "admin"),
    ("leader@demo.invalid", "Demo Leader", "leader"),
    ("reference@demo.invalid", "Demo Reference Group Member", "reference"),
    ("analyst@demo.invalid", "Demo Analyst", "analyst"),
)
# The demo's admin and leader have an authenticator app "set up" with these invented, published secrets,
# so someone trying the demo without an app can get a code from `heard demo-code EMAIL`.
DEMO_TOTP_SECRETS = {
    "admin@demo.invalid": "HEARDDEMOADMINACCOUNTTOTPSECRET2",
    "leader@demo.invalid": "HEARDDEMOLEADERACCOUNTTOTPSECRT2",
}
DEMO_OPEN_LINK = "demo-staff-pulse"
PAST_STAFF_WAVES = 6

# Mean agreement (1–5) per staff-pulse question and wave: the story the demo tells.
STAFF_TRAJECTORY: dict[str, tuple[float, ...]] = {
    "caseload": (1.9, 2.0, 2.2, 2.5, 2.8, 3.1, 3.2),
    "supervision": (2.6, 2.7, 2.8, 2.9, 3.1, 3.2, 3.3),
    "practice_model": (2.3, 2.4, 2.6, 2.8, 3.0, 3.1, 3.2),
    "leaders_visible": (1.9, 2.0, 2.1, 2.9, 3.2, 3.3, 3.4),
    "feedback_acted_on": (2.1, 2.2, 2.4, 2.7, 2.9, 3.0, 3.1),
    "recording_system": (3.0, 3.0, 2.9, 2.9, 1.9, 2.3, 2.6),
    "wellbeing": (2.5, 2.5, 2.6, 2.8, 2.8, 3.0, 3.1),
}
RECOMMEND_TRAJECTORY = (4.6, 4.8, 5.2, 5.7, 5.9, 6.4, 6.6)
# Some services find things harder than others (added to every staff mean).
AREA_OFFSET = {
    "front-door": -0.35,
    "assessment": -0.2,
    "area-teams": -0.1,
    "children-in-care": 0.05,
    "leaving-care": 0.1,
    "fostering-adoption": 0.3,
    "early-help": 0.25,
    "quality-assurance": 0.2,
}
STAFF_RESPONSE_RATE = (0.6, 0.62, 0.66, 0.72, 0.78, 0.82)
OPEN_WAVE_RESPONSE_RATE = 0.22


class DemoAlreadySeeded(RuntimeError):
    """The database already holds the demo."""


@dataclass(frozen=True)
class DemoSummary:
    """What the seeding created, printed by `heard seed-demo`."""

    units: int
    surveys: int
    waves: int
    responses: int
    comments: int

    def __str__(self) -> str:
        return (
            f"Seeded the demo: {self.units} units, {self.surveys} surveys, {self.waves} waves, "
            f"{self.responses} responses, {self.comments} comments."
        )


def demo_password(instance_path: Path) -> tuple[str, bool]:
    """The demo accounts' password: ``HEARD_DEMO_PASSWORD`` or one generated once and kept locally.

    Returns the password and whether it was generated (so the CLI knows to print it).
    """
    from_env = os.environ.get("HEARD_DEMO_PASSWORD")
    if from_env:
        return from_env, False
    instance_path.mkdir(parents=True, exist_ok=True)
    path = instance_path / "demo_password"
    if not path.exists():
        fd, tmp = tempfile.mkstemp(dir=instance_path)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(12))
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip(), True


def enrol_demo_mfa(session: Session) -> None:
    """Give the demo admin and leader their fixed authenticator secrets, if they have none yet."""
    from surveyapp.services.mfa import enrol_with_secret, is_enrolled
    from surveyapp.services.users import find_user

    for email, secret in DEMO_TOTP_SECRETS.items():
        user = find_user(session, email)
        if user is not None and not is_enrolled(user):
            enrol_with_secret(session, user, secret)


def seed_demo(
    session: Session, *, password: str, seed: int = 20261125, today: dt.date | None = None
) -> DemoSummary:
    """Create the whole demo in ``session`` (the caller commits). Raises ``DemoAlreadySeeded``."""
    if session.scalar(select(Survey.id).where(Survey.key == "staff-pulse")) is not None:
        raise DemoAlreadySeeded("the demo is already in this database")
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security  # nosec B311
    today = today or dt.date.today()
    sync_questionnaires(session)
    teams, partner_groups, partners = _create_units(session)
    for email, name, role in DEMO_ACCOUNTS:
        create_user(session, email=email, name=name, role=role, password=password)
    enrol_demo_mfa(session)

    staff = _seed_staff_pulse(session, rng, teams, today)
    partnership = _seed_partnership(session, rng, partner_groups, partners, today)
    reference = _seed_reference_checkin(session, rng, teams, today)
    _seed_actions(session, staff, today)
    session.flush()

    surveys = (staff, partnership, reference)
    waves = [w for s in surveys for w in s.waves]
    responses = comments = 0
    for survey in surveys:
        for counts in wave_counts(session, survey):
            responses += counts.responses
            comments += counts.comments
    units = len(session.scalars(select(Unit.id)).all())
    return DemoSummary(units, len(surveys), len(waves), responses, comments)


def _create_units(session: Session) -> tuple[list[tuple[Unit, str]], dict[str, Unit], list[Unit]]:
    directorate = Unit(key=DIRECTORATE[0], name=DIRECTORATE[1], kind="directorate", headcount=0)
    session.add(directorate)
    teams: list[tuple[Unit, str]] = []
    for area_key, area_name, team_specs in SERVICE_AREAS:
        area = Unit(key=area_key, name=area_name, kind="service_area", parent=directorate, headcount=0)
        for key, name, headcount in team_specs:
            team = Unit(key=key, name=name, kind="team", parent=area, headcount=headcount)
            area.headcount += headcount
            teams.append((team, area_key))
        directorate.headcount += area.headcount
        session.add(area)

    partners_root = Unit(key="partners", name="Schools and partners", kind="partner_group", headcount=0)
    session.add(partners_root)
    groups: dict[str, Unit] = {}
    partners: list[Unit] = []
    for spec in schools():
        group_key, group_name, group_area = _partner_group_for(spec)
        if group_key not in groups:
            groups[group_key] = Unit(
                key=group_key,
                name=group_name,
                kind="partner_group",
                partner_type=spec.partner_type,
                area=group_area,
                parent=partners_root,
                headcount=0,
            )
        group = groups[group_key]
        unit = Unit(
            key=spec.key,
            name=spec.name,
            kind="partner",
            partner_type=spec.partner_type,
            area=spec.area,
            parent=group,
            headcount=1,
        )
        group.headcount += 1
        partners.append(unit)
    for key, name, partner_type in OTHER_PARTNERS:
        group_key = f"{partner_type}-partners"
        if group_key not in groups:
            groups[group_key] = Unit(
                key=group_key,
                name=f"{partner_type.title()} partners",
                kind="partner_group",
                partner_type=partner_type,
                parent=partners_root,
                headcount=0,
            )
        group = groups[group_key]
        partners.append(
            Unit(key=key, name=name, kind="partner", partner_type=partner_type, parent=group, headcount=1)
        )
        group.headcount += 1
    partners_root.headcount = sum(g.headcount for g in groups.values())
    session.add_all([*groups.values(), *partners])
    session.flush()
    return teams, groups, partners


def _partner_group_for(spec: PartnerSpec) -> tuple[str, str, str | None]:
    """The reporting group a school's answers fall into when it does not choose to be named.

    Groups are wide enough that phase and area alone never single out one school: primaries by area,
    secondaries together, special schools and alternative provision together.
    """
    if spec.partner_type == "primary":
        return f"primary-{(spec.area or '').lower()}", f"Primary schools – {spec.area}", spec.area
    if spec.partner_type == "secondary":
        return "secondary-schools", "Secondary schools", None
    return "specialist-settings", "Special schools and alternative provision", None


def _month_start(today: dt.date, months_back: int) -> dt.date:
    month_index = today.year * 12 + today.month - 1 - months_back
    return dt.date(month_index // 12, month_index % 12 + 1, 1)


def _add_wave(
    session: Session, survey: Survey, number: int, opens: dt.date, closes: dt.date, status: str
) -> Wave:
    wave = Wave(
        survey=survey,
        number=number,
        questionnaire_id=survey.questionnaire_id,
        opens_on=opens,
        closes_on=closes,
        status=status,
    )
    session.add(wave)
    session.flush()
    return wave


def _likert(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.95))))


def _answer_rows(
    rng: random.Random,
    questionnaire: Questionnaire,
    means: dict[str, float],
    recommend: float,
    extra: dict[str, str] | None = None,
) -> list[Answer]:
    answers = []
    for question in questionnaire.questions:
        value = _generated_value(rng, question, means, recommend, extra or {})
        if value is None:
            continue
        for single in value if isinstance(value, list) else [value]:
            numeric = (
                int(single) if single.isdigit() else (1 if single == "yes" else 0 if single == "no" else None)
            )
            answers.append(Answer(question_key=question.key, value=single, numeric_value=numeric))
    return answers


def _generated_value(
    rng: random.Random, question: Question, means: dict[str, float], recommend: float, extra: dict[str, str]
) -> str | list[str] | None:
    if question.key in extra:
        return extra[question.key]
    if question.type == "likert5":
        return str(_likert(rng, means.get(question.key, 3.0)))
    if question.type == "scale0_10":
        return str(max(0, min(10, round(rng.gauss(recommend, 2.2)))))
    if question.type == "yes_no":
        return "yes" if rng.random() < 0.6 else "no"
    if question.type == "single_choice":
        return rng.choice(question.options).value
    if question.type == "multi_choice":
        return sorted({rng.choice(question.options).value for _ in range(rng.randint(1, 2))})
    return None  # free text is written separately, as comments


def _day_in(rng: random.Random, wave: Wave, latest: dt.date) -> dt.date:
    last = min(wave.closes_on, latest)
    span = max(0, (last - wave.opens_on).days)
    return wave.opens_on + dt.timedelta(days=rng.randint(0, span))


def _seed_staff_pulse(
    session: Session, rng: random.Random, teams: list[tuple[Unit, str]], today: dt.date
) -> Survey:
    questionnaire_row = latest_version(session, "staff-pulse")
    assert questionnaire_row is not None, "questionnaires/staff-pulse.yaml is missing"
    survey = create_survey(
        session,
        key="staff-pulse",
        title="Monthly staff pulse",
        questionnaire=questionnaire_row,
        cadence="monthly",
        audience=[team for team, _ in teams],
    )
    questionnaire = from_definition(questionnaire_row.definition)
    free_text = [q.key for q in questionnaire.questions if q.type == "free_text"]
    area_names = {key: name for key, name, _ in SERVICE_AREAS}

    for number in range(1, PAST_STAFF_WAVES + 2):
        is_open = number == PAST_STAFF_WAVES + 1
        opens = _month_start(today, PAST_STAFF_WAVES + 1 - number) + dt.timedelta(
            days=14 if not is_open else 0
        )
        if is_open:
            opens = today - dt.timedelta(days=7)
        wave = _add_wave(
            session, survey, number, opens, opens + dt.timedelta(days=13), "open" if is_open else "closed"
        )
        rate = OPEN_WAVE_RESPONSE_RATE if is_open else STAFF_RESPONSE_RATE[number - 1]
        story_wave = min(number, PAST_STAFF_WAVES)
        for team, area_key in teams:
            responders = sum(1 for _ in range(team.headcount) if rng.random() < rate)
            offset = AREA_OFFSET[area_key]
            means = {key: values[number - 1] + offset for key, values in STAFF_TRAJECTORY.items()}
            for _ in range(responders):
                response = Response(
                    wave=wave,
                    unit=team,
                    submitted_on=_day_in(rng, wave, today),
                    channel="open_link" if rng.random() < 0.3 else "invitation",
                )
                response.answers = _answer_rows(
                    rng, questionnaire, means, RECOMMEND_TRAJECTORY[number - 1] + offset * 2
                )
                for key in free_text:
                    text = staff_comment(
                        rng,
                        question_key=key,
                        wave=story_wave,
                        n_waves=PAST_STAFF_WAVES,
                        service_area=area_names[area_key],
                    )
                    if text:
                        response.comments.append(Comment(question_key=key, text=text))
                session.add(response)
    session.add(OpenLink(slug=DEMO_OPEN_LINK, survey=survey))
    session.flush()
    return survey


def _seed_partnership(
    session: Session,
    rng: random.Random,
    groups: dict[str, Unit],
    partners: list[Unit],
    today: dt.date,
) -> Survey:
    questionnaire_row = latest_version(session, "partnership-feedback")
    assert questionnaire_row is not None, "questionnaires/partnership-feedback.yaml is missing"
    survey = create_survey(
        session,
        key="partnership-feedback",
        title="Termly partnership feedback",
        questionnaire=questionnaire_row,
        cadence="termly",
        anonymity_mode="confidential-partner",
        audience=partners,
    )
    questionnaire = from_definition(questionnaire_row.definition)
    setting_values = {o.value for q in questionnaire.questions if q.key == "setting" for o in q.options}
    terms = ((_month_start(today, 8), 2.4), (_month_start(today, 4), 2.7))
    for number, (opens, mean) in enumerate(terms, start=1):
        wave = _add_wave(session, survey, number, opens, opens + dt.timedelta(days=20), "closed")
        for partner in partners:
            if rng.random() > 0.68:
                continue
            named = rng.random() < 0.2
            group = partner.parent if partner.parent is not None else partner
            setting = partner.partner_type if partner.partner_type in setting_values else "other"
            response = Response(
                wave=wave,
                unit=partner if named else group,
                organisation_named=named,
                submitted_on=_day_in(rng, wave, today),
                channel="invitation",
            )
            means = {q.key: mean + rng.uniform(-0.3, 0.3) for q in questionnaire.questions}
            response.answers = _answer_rows(rng, questionnaire, means, 5.0, {"setting": setting})
            text = partner_comment(
                rng, wave=number, n_waves=len(terms), setting=partner.partner_type or "primary"
            )
            if text:
                response.comments.append(Comment(question_key="comments", text=text))
            session.add(response)
    _add_wave(
        session, survey, len(terms) + 1, today - dt.timedelta(days=10), today + dt.timedelta(days=18), "open"
    )
    session.add(OpenLink(slug="demo-partnership-feedback", survey=survey))
    return survey


def _seed_reference_checkin(
    session: Session, rng: random.Random, teams: list[tuple[Unit, str]], today: dt.date
) -> Survey:
    questionnaire_row = latest_version(session, "reference-group-checkin")
    assert questionnaire_row is not None, "questionnaires/reference-group-checkin.yaml is missing"
    directorate = teams[0][0].parent.parent if teams[0][0].parent else teams[0][0]
    survey = create_survey(
        session,
        key="reference-group-checkin",
        title="Staff reference group check-in",
        questionnaire=questionnaire_row,
        cadence="monthly",
        audience=[directorate],
    )
    questionnaire = from_definition(questionnaire_row.definition)
    for number in range(1, 4):
        opens = _month_start(today, 3 - number) + dt.timedelta(days=20)
        status = "closed" if opens + dt.timedelta(days=7) < today else "open"
        wave = _add_wave(session, survey, number, opens, opens + dt.timedelta(days=7), status)
        for _ in range(rng.randint(8, 12)):
            response = Response(
                wave=wave, unit=directorate, submitted_on=_day_in(rng, wave, today), channel="open_link"
            )
            means = {q.key: 2.6 + 0.3 * number for q in questionnaire.questions}
            response.answers = _answer_rows(rng, questionnaire, means, 6.0)
            session.add(response)
    return survey


def _seed_actions(session: Session, survey: Survey, today: dt.date) -> None:
    waves = {w.number: w for w in survey.waves}
    entries = (
        (
            2,
            "caseload",
            "Caseloads are too high and cases sit unallocated while you wait for new starters.",
            "We agreed funding for 14 more social worker posts, started a recruitment campaign with a "
            "relocation offer, and set a caseload cap of 20 for newly qualified social workers.",
            "Director of Children's Services",
        ),
        (
            3,
            "leaders_visible",
            "You rarely see senior leaders and they do not understand the pressure in teams.",
            "Every Assistant Director now spends one morning a month in a team. The Director held four "
            "staff events and answered every question raised, in writing.",
            "Assistant Director, Safeguarding",
        ),
        (
            4,
            "practice_model",
            "Nobody could explain our practice model in one sentence.",
            "We ran practice model workshops for every pod and published a two-page guide with case "
            "examples.",
            "Principal Social Worker",
        ),
        (
            5,
            "recording_system",
            "The new recording system is slow and the training did not prepare you for it.",
            "We added floor-walkers in every office for six weeks, fixed the three slowest forms and set "
            "up a weekly drop-in with the system team.",
            "Head of Business Support",
        ),
    )
    for number, question_key, you_said, we_did, owner in entries:
        published = waves[number].closes_on + dt.timedelta(days=10)
        if published > today:
            continue
        session.add(
            Action(
                survey=survey,
                question_key=question_key,
                you_said=you_said,
                we_did=we_did,
                owner=owner,
                published_on=published,
            )
        )
