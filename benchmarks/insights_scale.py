"""Insights pages at scale: 100,000 staff-pulse responses over 12 waves, served by gunicorn.

    python benchmarks/insights_scale.py                      # temp SQLite file, 100,000 responses
    python benchmarks/insights_scale.py --responses 20000    # smaller data set
    python benchmarks/insights_scale.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Target (issue 6): the survey dashboard and a theme page answer with p95 under 300 ms.

The data set is written with bulk Core inserts, not through the respondent journey: the staff pulse over
a directorate of service areas and teams (uneven sizes, a few teams below the reporting threshold), twelve
analysed monthly waves, every closed question answered, about 30% of responses with a comment. What the
analysis job stores is written directly — redacted text, sentiment, theme ids, flags and held comments,
themes with exemplars, one finished ``AnalysisRun`` — and the per-wave theme figures come from the job's
own ``store_wave_stats``; a few themes are then renamed, merged and hidden through the curation service.
The analysis itself is not run here (``analysis_scale.py`` measures it): this benchmark measures serving.
On PostgreSQL the database is then ANALYZEd, as autovacuum would soon do after such a load.

The real app is then served by gunicorn (``gunicorn.conf.py``, two sync workers) on loopback; a leader
signs in through the sign-in forms (CSRF, then the authenticator code where leaders need one; the
app is set up for them at seeding, as a leader would) and requests, after warm-up, the dashboard of the latest
wave, the largest theme's page, the board pack (HTML) and the first page of the comment explorer: each
``--requests`` times in sequence, then all four from ``--clients`` concurrent clients. Printed per page:
p50/p95/p99/max at the client and the gunicorn processes' CPU per request (PostgreSQL's own CPU is not
included; SQLite's is, being in-process). Every run starts from a new database and new workers; nothing
is cached beyond what the app itself keeps per worker (``AggregateCache``: closed waves' answer counts and
each survey's readable-comment counts, checked on every request and filled by the warm-up requests —
"first" is the first request's time).

Exit status 1 when the dashboard or the theme page misses the target, or a page fails.
"""

from __future__ import annotations

import argparse
import array
import datetime as dt
import http.client
import math
import os
import random
import re
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "benchmarks"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from submit_load import gunicorn, percentile, server_cpu_seconds  # noqa: E402 - the shared server harness

TARGET_MS = 300.0
WARM_UP = 8  # rounds of the four pages before measuring, so both workers are warm
SURVEY_KEY = "staff-pulse"
LEADER_EMAIL = "director@bench.invalid"
LEADER_PASSWORD = "benchmark leader password"
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

# --- the organisation ------------------------------------------------------------------------------------

# (service area, number of teams, relative size of its teams)
AREAS = (
    ("Front door and MASH", 4, 1.4),
    ("Assessment", 7, 1.2),
    ("Area teams", 9, 1.5),
    ("Children in care", 6, 1.0),
    ("Leaving care", 3, 0.7),
    ("Fostering and adoption", 5, 0.6),
    ("Early help hubs", 8, 0.9),
    ("Quality assurance", 4, 0.3),
    ("Disabled children's service", 4, 0.5),
)
TINY_TEAMS = 6  # teams whose few responses fall below k in most waves

# --- comments: theme → (label, keywords, working-well fragments, one-change fragments) --------------------

THEMES = {
    "caseload": (
        "Caseloads and workload",
        ["caseload", "workload", "cases", "duty"],
        ["caseloads have come down since the new posts", "duty is shared fairly now"],
        [
            "caseloads are still over 25 in our pod",
            "we have unallocated cases and nobody to take them",
            "duty weeks leave no time for my own families",
            "court reports are always written at midnight",
        ],
    ),
    "systems": (
        "Case recording system",
        ["mosaic", "system", "laptop", "helpdesk"],
        ["the new laptops are much quicker"],
        [
            "Mosaic crashes every afternoon",
            "forms on the recording system need too many clicks to save",
            "the helpdesk takes days to reply",
            "the laptop keeps losing the VPN on home visits",
        ],
    ),
    "supervision": (
        "Supervision",
        ["supervision", "manager", "reflective", "direction"],
        [
            "my manager always makes time for reflective supervision",
            "case direction is clear and recorded",
            "supervision is regular and helps me think",
        ],
        ["supervision keeps being cancelled", "acting-up managers are doing two jobs"],
    ),
    "leadership": (
        "Visible senior leaders",
        ["director", "leaders", "briefing", "visible"],
        ["the Director came to our team meeting and listened", "leaders are honest about the budget"],
        ["senior leaders never visit our office", "I have never met anyone above my team manager"],
    ),
    "recruitment": (
        "Recruitment and agency staff",
        ["agency", "recruitment", "retention", "vacancies"],
        ["permanent posts are finally being filled", "the retention payment is welcome"],
        ["agency staff leave after a few weeks", "we lost three social workers in a month"],
    ),
    "pay": (
        "Pay",
        ["pay", "salary", "mileage"],
        [],
        ["pay is behind the neighbouring authorities", "mileage rates have not gone up in years"],
    ),
    "partners": (
        "Partner agencies",
        ["camhs", "schools", "police", "health"],
        ["the police attend strategy meetings now", "early help hubs step cases down well"],
        ["CAMHS waits are over six months", "health assessments for children in care are late"],
    ),
    "colleagues": (
        "Team support",
        ["team", "colleagues", "support"],
        [
            "my colleagues are the reason I stay",
            "the team pulls together after a hard visit",
            "business support are brilliant",
        ],
        ["we need more time together as a team"],
    ),
    "training": (
        "Training and development",
        ["training", "development", "courses", "asye"],
        ["the ASYE programme is well run", "good training on the practice model"],
        ["training is always cancelled for duty", "no time for development days"],
    ),
    "office": (
        "Office and parking",
        ["office", "parking", "desks", "lift"],
        ["the refurbished office is lovely"],
        ["there is nowhere to park near the hub", "the office is freezing and the lift is broken"],
    ),
    "hybrid": (
        "Hybrid working",
        ["hybrid", "home", "flexible"],
        ["flexible working lets me manage my caring duties", "working from home on report days helps"],
        ["the hot-desking rota means I never sit with my team"],
    ),
    "office_move": (  # appears only in the latest wave: flagged "new" on the dashboard
        "Move to the new hub",
        ["move", "hub", "relocation"],
        [],
        ["the move to the new hub was badly planned", "nobody asked us about the relocation"],
    ),
}
OPENERS = ["", "", "", "Honestly, ", "To be fair, ", "In our team, ", "Again, "]
EMPTY = ["n/a", "nothing to add", "none", "-"]
FIRST = ["Amira", "Jake", "Priya", "Tomasz", "Ellie", "Kwame", "Sinead", "Marcus"]
FLAG_TEXTS = (
    ("writer_risk", "I am not coping and some days I do not want to be here at all"),
    ("allegation", "a manager in our office shouts at staff and nothing is done about it"),
    ("child_risk", "a child on my caseload is still at risk because the visit was not done"),
)


def _likert_cum_weights(mu: float, sd: float, points: range) -> list[float]:
    """Cumulative weights of a normal curve around ``mu`` discretised onto ``points``."""
    weights = [math.exp(-((p - mu) ** 2) / (2 * sd * sd)) for p in points]
    total, running, out = sum(weights), 0.0, []
    for weight in weights:
        running += weight / total
        out.append(running)
    return out


# --- databases -------------------------------------------------------------------------------------------


@contextmanager
def fresh_database(url: str | None) -> Iterator[tuple[str, str]]:
    """A migrated, empty database: a temporary SQLite file, or a throwaway schema in ``url``'s database."""
    from surveyapp.migrate import upgrade

    if not url or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="heard-insights-bench-") as folder:
            path = f"sqlite:///{folder}/bench.sqlite3"
            upgrade(path)
            yield "sqlite", path
        return
    import psycopg

    base = url.split("?")[0]
    plain = base.replace("postgresql+psycopg://", "postgresql://")
    schema = f"heard_insights_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        scoped = f"{base}?options=-csearch_path%3D{schema}"
        upgrade(scoped)
        yield "postgresql", scoped
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


# --- seeding ---------------------------------------------------------------------------------------------


@dataclass
class Seeded:
    responses: int = 0
    answers: int = 0
    comments: int = 0
    held: int = 0
    teams: int = 0
    units: int = 0
    themes: int = 0
    theme_id: int = 0  # the largest theme, whose page is measured
    theme_label: str = ""
    totp_secret: str | None = None  # the leader's authenticator app, when the app asks for one
    latest_wave: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _units(session, rng: random.Random, per_wave: int) -> tuple[list, dict[int, float]]:
    """The directorate, its service areas and teams; returns (teams, each team's share of responses)."""
    from surveyapp.models import Unit

    directorate = Unit(key="childrens-services", name="Children's Services", kind="directorate")
    session.add(directorate)
    teams, weights = [], []
    for a, (area_name, n_teams, size) in enumerate(AREAS):
        area = Unit(key=f"area-{a}", name=area_name, kind="service_area", parent=directorate)
        session.add(area)
        for t in range(n_teams):
            team = Unit(key=f"team-{a}-{t}", name=f"{area_name} team {t + 1}", kind="team", parent=area)
            session.add(team)
            teams.append(team)
            weights.append(size * rng.lognormvariate(0, 0.6))
    # A few small teams (e.g. specialist posts) that rarely reach k in a wave on their own.
    tiny = rng.sample(range(len(teams)), TINY_TEAMS)
    session.flush()
    total = sum(w for i, w in enumerate(weights) if i not in tiny)
    shares: dict[int, float] = {}
    for i, team in enumerate(teams):
        # A tiny team gives about 2–6 responses a wave, whatever the scale.
        shares[team.id] = (
            (4.0 / per_wave) if i in tiny else weights[i] / total * (1 - TINY_TEAMS * 4.0 / per_wave)
        )
        expected = shares[team.id] * per_wave
        team.headcount = max(3, round(expected / rng.uniform(0.55, 0.8)))
    for area in {t.parent for t in teams}:
        area.headcount = sum(t.headcount for t in teams if t.parent is area)
    directorate.headcount = sum(t.headcount for t in teams)
    return teams, shares


def _enrol_authenticator(session, leader) -> str | None:
    """Set up the leader's authenticator app as they would (where leaders need one): returns its secret.

    The set-up code used is the previous 30-second step's, so the sign-in can use the current one.
    """
    try:
        from surveyapp.services import mfa
    except ImportError:  # no second factor in this version of the app
        return None
    secret = mfa.begin_enrolment(session, leader)
    now = time.time()
    if not mfa.confirm_enrolment(session, leader, mfa.current_code(secret, now - mfa.STEP_SECONDS), now=now):
        raise RuntimeError("could not set up the leader's authenticator app")
    return secret


def seed(url: str, n_responses: int, n_waves: int, rng_seed: int) -> Seeded:
    """Write the whole data set; see the module docstring."""
    from sqlalchemy import func, insert, select, text
    from sqlalchemy.orm import Session

    from surveyapp.extensions import make_engine
    from surveyapp.models import AnalysisRun, Answer, Comment, ModerationDecision, Response, Theme, Wave
    from surveyapp.models.insights import ThemeAnchor
    from surveyapp.services import actions as action_service
    from surveyapp.services import themes as theme_service
    from surveyapp.services.analysis_runs import store_wave_stats
    from surveyapp.services.comments import readable, text_groups
    from surveyapp.services.questionnaires import from_definition, latest_version, sync_questionnaires
    from surveyapp.services.surveys import create_survey
    from surveyapp.services.users import hash_password

    rng = random.Random(rng_seed)
    out = Seeded()
    clock = time.perf_counter()
    engine = make_engine(url)
    session = Session(engine)
    per_wave = n_responses / n_waves

    # Organisation, survey, waves, the leader.
    sync_questionnaires(session)
    teams, shares = _units(session, rng, per_wave)
    version = latest_version(session, "staff-pulse")
    assert version is not None
    survey = create_survey(
        session,
        key=SURVEY_KEY,
        title="Monthly staff pulse",
        questionnaire=version,
        cadence="monthly",
        audience=teams,
    )
    first = dt.date(2025, 12, 1)
    waves = []
    for number in range(1, n_waves + 1):
        year, month = divmod(first.month - 1 + number - 1, 12)
        opens = dt.date(first.year + year, month + 1, 1)
        wave = Wave(
            survey=survey,
            number=number,
            questionnaire_id=version.id,
            opens_on=opens,
            closes_on=opens + dt.timedelta(days=13),
            status="analysed",
            analysed_at=dt.datetime.combine(opens + dt.timedelta(days=14), dt.time(6)),
        )
        session.add(wave)
        waves.append(wave)
    from surveyapp.models import User

    directorate = teams[0].parent.parent
    leader = User(
        email=LEADER_EMAIL,
        name="Director of Children's Services",
        role="leader",
        password_hash=hash_password(LEADER_PASSWORD),
    )
    leader.scope = [directorate]
    session.add(leader)
    session.flush()
    out.totp_secret = _enrol_authenticator(session, leader)
    theme_rows = {
        key: Theme(survey=survey, label=label, keywords=keywords, state="suggested")
        for key, (label, keywords, _good, _bad) in THEMES.items()
    }
    session.add_all(theme_rows.values())
    session.flush()
    theme_ids = {key: theme.id for key, theme in theme_rows.items()}
    out.units, out.teams, out.themes, out.latest_wave = (
        len(teams) + len(AREAS) + 1,
        len(teams),
        len(THEMES),
        n_waves,
    )
    questionnaire = from_definition(version.definition)
    closed = [q for q in questionnaire.questions if q.type in ("likert5", "scale0_10")]
    session.commit()
    out.seconds["organisation"] = time.perf_counter() - clock

    # Responses, answers, comments: one wave at a time, in bulk.
    clock = time.perf_counter()
    climate = {t.id: rng.gauss(0, 0.45) for t in teams}  # some teams feel better than others
    q_base = {q.key: rng.uniform(-0.5, 0.4) for q in closed}
    q_trend = {q.key: rng.uniform(-0.04, 0.06) for q in closed}  # per wave
    theme_keys = list(THEMES)
    comment_id = 0
    exemplar_pool: dict[str, list[tuple[int, int]]] = {k: [] for k in theme_keys}
    decisions = []
    for w_index, wave in enumerate(waves):
        responses, answers, comments = [], [], []
        # Uneven waves: response rates drift and dip in the summer.
        wave_total = per_wave * rng.uniform(0.85, 1.15)
        theme_weight = {k: 1.0 for k in theme_keys}
        theme_weight["systems"] = 1.0 + (1.5 if w_index >= n_waves - 3 else 0.0)  # rising near the end
        theme_weight["recruitment"] = max(0.3, 1.6 - 0.12 * w_index)  # falling
        theme_weight["office_move"] = 2.0 if w_index == n_waves - 1 else 0.0
        weights = [theme_weight[k] for k in theme_keys]
        for team in teams:
            n = round(shares[team.id] * wave_total * rng.uniform(0.7, 1.3))
            if n <= 0:
                continue
            cum = {
                q.key: _likert_cum_weights(
                    3.5 + q_base[q.key] + climate[team.id] + q_trend[q.key] * w_index, 1.1, range(1, 6)
                )
                if q.type == "likert5"
                else _likert_cum_weights(6.6 + 2 * climate[team.id] + 0.05 * w_index, 2.3, range(0, 11))
                for q in closed
            }
            drawn = {
                q.key: rng.choices(
                    range(1, 6) if q.type == "likert5" else range(11), cum_weights=cum[q.key], k=n
                )
                for q in closed
            }
            days = (wave.closes_on - wave.opens_on).days
            for i in range(n):
                rid = f"{rng.getrandbits(128):032x}"
                responses.append(
                    {
                        "id": rid,
                        "wave_id": wave.id,
                        "unit_id": team.id,
                        "submitted_on": wave.opens_on + dt.timedelta(days=rng.randint(0, days)),
                        "channel": "invitation" if rng.random() < 0.7 else "open_link",
                        "organisation_named": False,
                    }
                )
                for q in closed:
                    value = drawn[q.key][i]
                    answers.append(
                        {
                            "response_id": rid,
                            "question_key": q.key,
                            "value": str(value),
                            "numeric_value": value,
                        }
                    )
                roll = rng.random()
                if roll >= 0.30:
                    continue
                keys = (
                    ["working_well"]
                    if roll < 0.13
                    else ["one_change"]
                    if roll < 0.255
                    else ["working_well", "one_change"]
                )
                for key in keys:
                    comment_id += 1
                    row = _comment(
                        rng, comment_id, rid, key, theme_keys, weights, theme_ids, climate[team.id]
                    )
                    comments.append(row)
                    if row["moderation_state"] in ("released", "kept_out"):
                        decisions.append(
                            {
                                "comment_id": comment_id,
                                "outcome": row["moderation_state"],
                                "reason": "Checked with the team manager; no one is named.",
                            }
                        )
                    if row["theme_id"] is not None and row["moderation_state"] != "pending":
                        exemplar_pool[row["_theme"]].append((comment_id, team.id))
        for row in comments:
            row.pop("_theme")
        conn = session.connection()
        conn.execute(insert(Response), responses)
        conn.execute(insert(Answer), answers)
        if comments:
            conn.execute(insert(Comment), comments)
        session.commit()
        out.responses += len(responses)
        out.answers += len(answers)
        out.comments += len(comments)
        out.held += sum(1 for c in comments if c["moderation_state"] == "pending")
    if decisions:
        session.connection().execute(insert(ModerationDecision), decisions)
    if engine.dialect.name == "postgresql":  # ids were given explicitly; later inserts must not collide
        session.execute(
            text("SELECT setval(pg_get_serial_sequence('comment', 'id'), (SELECT max(id) FROM comment))")
        )
    session.commit()
    out.seconds["responses, answers and comments"] = time.perf_counter() - clock

    # What the analysis job stores besides the comments: exemplars, anchors, per-wave figures, the run.
    clock = time.perf_counter()
    groups = text_groups(session, survey)
    for key, theme in theme_rows.items():
        theme.exemplar_comment_ids = [
            cid for cid, unit in exemplar_pool[key] if groups.shown_group(unit) is not None
        ][:5]
        vector = [rng.gauss(0, 1) for _ in range(64)]
        norm = math.sqrt(sum(v * v for v in vector))
        session.add(
            ThemeAnchor(
                theme_id=theme.id,
                vector=array.array("f", [v / norm for v in vector]).tobytes(),
                dimensions=64,
            )
        )
    store_wave_stats(session, survey)
    started = dt.datetime.combine(waves[-1].closes_on + dt.timedelta(days=1), dt.time(2))
    session.add(
        AnalysisRun(
            survey_id=survey.id,
            wave_id=waves[-1].id,
            status="done",
            stage="Finished",
            progress=1.0,
            comments_analysed=out.comments,
            message=f"{len(THEMES)} themes; 212.4 seconds",
            created_at=started,
            started_at=started,
            finished_at=started + dt.timedelta(minutes=4),
        )
    )
    session.flush()
    # Curation as leaders do it (audited; a merge re-stores the per-wave figures).
    theme_service.rename(session, theme_rows["systems"], "Case recording system and IT", user=leader)
    theme_service.merge(session, theme_rows["pay"], theme_rows["recruitment"], user=leader)
    theme_service.hide(session, theme_rows["hybrid"], user=leader)
    theme_service.confirm(session, theme_rows["supervision"], user=leader)
    for key, you_said, we_did in (
        (
            "caseload",
            "Caseloads are too high in the area teams.",
            "We have funded six new social worker posts.",
        ),
        ("systems", "The recording system is slow and crashes.", "The supplier has upgraded the servers."),
        ("leadership", "Senior leaders are not visible.", "The Director now visits two teams every week."),
        ("supervision", "Supervision gets cancelled.", "Supervision is now protected in every diary."),
    ):
        action = action_service.create_action(
            session,
            survey,
            action_service.ActionFields(
                you_said, we_did, "Director of Children's Services", theme_id=theme_ids[key]
            ),
            user=leader,
        )
        action_service.publish(session, action, user=leader, today=waves[-1].closes_on)
    session.commit()
    out.seconds["analysis results"] = time.perf_counter() - clock

    largest = session.execute(
        select(Comment.theme_id, func.count())
        .where(Comment.theme_id.is_not(None), readable())
        .group_by(Comment.theme_id)
        .order_by(func.count().desc())
        .limit(1)
    ).one()
    out.theme_id = largest[0]
    out.theme_label = session.get(Theme, out.theme_id).display_label
    session.close()
    if engine.dialect.name == "postgresql":
        # Planner statistics, as autovacuum gathers them soon after a load like this in production.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    return out


def _comment(
    rng: random.Random,
    comment_id: int,
    response_id: str,
    key: str,
    theme_keys: list[str],
    weights: list[float],
    theme_ids: dict[str, int],
    climate: float,
) -> dict:
    """One comment row as the analysis job leaves it (redacted, scored, themed, maybe flagged)."""
    good = key == "working_well"
    row: dict = {"id": comment_id, "response_id": response_id, "question_key": key, "_theme": None}
    if rng.random() < 0.04:  # "n/a" and the like: analysed, but in no theme
        text = redacted = rng.choice(EMPTY)
        score, theme_id = 0.0, None
    else:
        for _ in range(4):
            topic = rng.choices(theme_keys, weights=weights)[0]
            fragments = THEMES[topic][2] if good else THEMES[topic][3]
            if fragments:
                break
        else:
            topic, fragments = "colleagues", THEMES["colleagues"][2 if good else 3]
        text = rng.choice(OPENERS) + rng.choice(fragments) + "."
        redacted = text[0].upper() + text[1:]
        text = redacted
        if rng.random() < 0.05:  # a name the redactor takes out
            name = rng.choice(FIRST)
            text, redacted = text + f" Thanks to {name}.", redacted + " Thanks to [name]."
        score = max(-1.0, min(1.0, rng.gauss(0.45 if good else -0.35, 0.3) + 0.2 * climate))
        theme_id = theme_ids[topic]
        row["_theme"] = topic
    flags, state = [], "not_needed"
    if rng.random() < 0.006:
        kind, text = rng.choice(FLAG_TEXTS)
        redacted, score, theme_id, row["_theme"] = text, -0.8, None, None
        flags = [{"kind": kind, "reason": "Possible risk: read before it is shown"}]
        state = rng.choices(["pending", "released", "kept_out"], weights=[5, 3, 2])[0]
    label = "positive" if score >= 0.2 else "negative" if score <= -0.2 else "neutral"
    spans = [[len(text) - len(" Thanks to X."), len(text) - 1, "person"]] if "[name]" in redacted else []
    row.update(
        text=text,
        redacted_text=redacted,
        redactions=spans,
        sentiment=round(score, 4),
        sentiment_label=label,
        theme_id=theme_id,
        flags=flags,
        moderation_state=state,
    )
    return row


# --- measuring -------------------------------------------------------------------------------------------


class Client:
    """A signed-in browser: one cookie jar, a fresh connection per request (sync workers close them)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, *, with_location: bool = False
    ) -> tuple:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())} if self.cookies else {}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            reply = conn.getresponse()
            data = reply.read()
        finally:
            conn.close()
        elapsed = (time.perf_counter() - started) * 1000
        for header in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        result = (reply.status, data.decode("utf-8", errors="replace"), elapsed)
        if with_location:
            return (*result, urlsplit(reply.getheader("Location") or "").path)
        return result

    def post_form(self, path: str, fields: dict[str, str]) -> str:
        """GET ``path`` for its CSRF token, POST ``fields`` with it; returns where the 302 leads."""
        status, page, _ms = self.request("GET", path)
        match = _CSRF.search(page)
        if status != 200 or match is None:
            raise RuntimeError(f"{path}: {status}, no form")
        status, _page, _ms, location = self.request(
            "POST", path, {"csrf_token": match.group(1), **fields}, with_location=True
        )
        if status != 302:
            raise RuntimeError(f"{path}: POST answered {status}")
        return location

    def sign_in(self, email: str, password: str, totp_secret: str | None) -> None:
        """Through the real forms: email and password, then the authenticator code if asked for."""
        location = self.post_form("/sign-in", {"email": email, "password": password})
        if "/sign-in/" in location:  # a second factor: /sign-in/verify
            from surveyapp.services.mfa import current_code

            if totp_secret is None:
                raise RuntimeError(f"sign-in asks for {location}")
            location = self.post_form(location, {"code": current_code(totp_secret)})
        if "/sign-in" in location:
            raise RuntimeError(f"sign-in did not complete: {location}")


@dataclass
class PageStats:
    name: str
    path: str
    must_contain: str
    target: bool
    cold_ms: list[float] = field(default_factory=list)
    sequential_ms: list[float] = field(default_factory=list)
    concurrent_ms: list[float] = field(default_factory=list)
    cpu_ms: float = float("nan")
    errors: list[str] = field(default_factory=list)
    size: int = 0

    def p(self, values: list[float], fraction: float) -> float:
        return percentile(values, fraction)


def _timed(client: Client, page: PageStats, into: list[float]) -> None:
    status, body, elapsed = client.request("GET", page.path)
    into.append(elapsed)
    if status != 200 or page.must_contain not in body:
        page.errors.append(f"{status}{'' if status != 200 else ' (content missing)'}")
    page.size = len(body)


def measure(
    port: int,
    master: int,
    pages: list[PageStats],
    requests: int,
    clients: int,
    rounds: int,
    totp_secret: str | None,
) -> None:
    client = Client(port)
    client.sign_in(LEADER_EMAIL, LEADER_PASSWORD, totp_secret)
    # Warm-up: the first requests in each worker compile templates and SQL and fill AggregateCache.
    for _ in range(WARM_UP):
        for page in pages:
            _timed(client, page, page.cold_ms)
    for page in pages:
        before = server_cpu_seconds(master)
        for _ in range(requests):
            _timed(client, page, page.sequential_ms)
        page.cpu_ms = 1000 * (server_cpu_seconds(master) - before) / requests
    # Concurrent: ``clients`` readers each going round the four pages.
    # The same leader in several tabs: each client starts from the signed-in session (an authenticator
    # code works only once, so signing in again within 30 seconds would be refused, as it should be).
    signed_in = []
    for _ in range(clients):
        other = Client(port)
        other.cookies = dict(client.cookies)
        signed_in.append(other)

    def reader(c: Client, offset: int) -> None:
        for r in range(rounds):
            for i in range(len(pages)):
                page = pages[(i + offset + r) % len(pages)]
                _timed(c, page, page.concurrent_ms)

    threads = [threading.Thread(target=reader, args=(c, i)) for i, c in enumerate(signed_in)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--responses", type=int, default=100_000, help="responses in all (default 100000)")
    parser.add_argument("--waves", type=int, default=12, help="waves (default 12)")
    parser.add_argument(
        "--requests", type=int, default=100, help="sequential requests per page (default 100)"
    )
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients afterwards (default 4)")
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds of the four pages per concurrent client"
    )
    parser.add_argument(
        "--database-url", default=None, help="a PostgreSQL URL (default: a temporary SQLite file)"
    )
    parser.add_argument("--seed", type=int, default=6, help="random seed for the data set")
    args = parser.parse_args(argv)

    cores = os.cpu_count()
    load = os.getloadavg()
    print(
        f"insights_scale: {args.responses:,} responses over {args.waves} waves; {cores} cores, "
        f"load average at start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min)"
    )
    print(
        "  data written directly (bulk inserts + stored analysis results); the analysis is not run here "
        "(benchmarks/analysis_scale.py measures it): this measures page serving."
    )
    with fresh_database(args.database_url) as (kind, url):
        started = time.perf_counter()
        seeded = seed(url, args.responses, args.waves, args.seed)
        seeding = time.perf_counter() - started
        parts = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in seeded.seconds.items())
        print(
            f"  {kind}: seeded {seeded.responses:,} responses, {seeded.answers:,} answers, "
            f"{seeded.comments:,} comments ({seeded.held} held for moderation), {seeded.units} units "
            f"({seeded.teams} teams), "
            f"{seeded.themes} themes in {seeding:.1f} s ({parts})",
            flush=True,
        )
        base = f"/insights/{SURVEY_KEY}"
        pages = [
            PageStats("dashboard", base, f"Wave {seeded.latest_wave}", True),
            PageStats("theme page", f"{base}/themes/{seeded.theme_id}", seeded.theme_label, True),
            PageStats(
                "board pack", f"{base}/waves/{seeded.latest_wave}/board-pack", "Improvement Board", False
            ),
            PageStats("comments p1", f"{base}/comments", "Comments", False),
        ]
        with gunicorn("wsgi:app", url, 2, {}) as (port, master):
            measure(port, master, pages, args.requests, args.clients, args.rounds, seeded.totp_secret)
    load = os.getloadavg()
    print(
        f"  {kind}, gunicorn 2 sync workers; {args.requests} sequential requests per page after "
        f"{WARM_UP} warm-up rounds, "
        f"then {args.clients} concurrent clients x {args.rounds} rounds; load average at end {load[0]:.2f}"
    )
    failed = False
    for page in pages:
        seq, con = page.sequential_ms, page.concurrent_ms
        verdict = ""
        if page.target:
            ok = percentile(seq, 0.95) < TARGET_MS and not page.errors
            failed |= not ok
            verdict = f" [{'PASS' if ok else 'FAIL'}: p95 < {TARGET_MS:.0f} ms]"
        print(
            f"  {page.name:12} sequential p50 {percentile(seq, 0.5):6.1f} p95 {percentile(seq, 0.95):6.1f} "
            f"p99 {percentile(seq, 0.99):6.1f} max {max(seq):6.1f} ms | concurrent "
            f"p50 {percentile(con, 0.5):6.1f} p95 {percentile(con, 0.95):6.1f} max {max(con):6.1f} ms | "
            f"first {page.cold_ms[0]:6.1f} ms | server CPU {page.cpu_ms:5.1f} ms/request | "
            f"{page.size // 1024} KiB | errors {len(page.errors)}{verdict}",
            flush=True,
        )
        for sample in page.errors[:3]:
            print(f"    error: {sample}")
        failed |= bool(page.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
