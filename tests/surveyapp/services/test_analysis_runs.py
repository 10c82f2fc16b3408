"""The analysis pipeline on a real database: redaction, sentiment, flags, themes, figures and progress."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from surveyapp.models import Comment, Response, Theme, Wave
from surveyapp.models.insights import AnalysisRun, ThemeAnchor, ThemeWaveStat
from surveyapp.services.analysis_runs import latest_run, run_analysis
from surveyapp.services.comments import text_groups
from tests.factories import add_comments, make_commented_survey, make_response, make_unit, make_wave


def _comments(session, survey):
    return list(
        session.scalars(
            select(Comment)
            .join(Response)
            .join(Wave, Response.wave_id == Wave.id)
            .where(Wave.survey_id == survey.id)
        )
    )


@pytest.fixture
def survey(session):
    found = make_commented_survey(session, comments_per_team=15)
    session.commit()
    return found


def test_pipeline_analyses_every_comment_and_marks_waves_analysed(session, survey):
    run = run_analysis(session, survey)
    assert run.status == "done" and run.progress == 1.0 and run.stage == "Finished"
    assert run.comments_analysed == 120
    comments = _comments(session, survey)
    assert all(
        c.redacted_text is not None and c.sentiment_label in ("positive", "neutral", "negative")
        for c in comments
    )
    assert all(-1 <= c.sentiment <= 1 for c in comments)
    assert {w.status for w in survey.waves} == {"analysed"}
    assert all(w.analysed_at is not None for w in survey.waves)
    assert latest_run(session, survey).id == run.id


def test_names_and_contacts_are_redacted(session, survey):
    wave = survey.waves[0]
    unit = session.get(Response, _comments(session, survey)[0].response_id).unit
    response = make_response(
        session,
        wave,
        unit,
        comments={"one_change": "Ring Sarah Jenkins on 07700 900123 or sarah.j@example.org"},
    )
    session.commit()
    run_analysis(session, survey)
    comment = session.get(Comment, response.comments[0].id)
    assert "07700" not in comment.redacted_text and "example.org" not in comment.redacted_text
    assert "Jenkins" not in comment.redacted_text
    assert comment.redactions  # spans recorded in the original


def test_flagged_comments_wait_for_moderation_and_stay_out_of_themes(session, survey):
    wave = survey.waves[0]
    unit = session.get(Response, _comments(session, survey)[0].response_id).unit
    response = make_response(
        session,
        wave,
        unit,
        comments={"one_change": "My manager keeps shouting at me and touching me and I feel unsafe at work."},
    )
    session.commit()
    run_analysis(session, survey)
    flagged = session.get(Comment, response.comments[0].id)
    assert flagged.moderation_state == "pending" and flagged.flags
    assert flagged.theme_id is None
    exemplars = {i for t in session.scalars(select(Theme)) for i in t.exemplar_comment_ids}
    assert flagged.id not in exemplars
    others = [c for c in _comments(session, survey) if c.id != flagged.id]
    assert sum(c.moderation_state == "not_needed" for c in others) >= len(others) - 5


def test_themes_are_stored_with_figures_per_wave_and_anchors(session, survey):
    run_analysis(session, survey)
    themes = list(session.scalars(select(Theme).where(Theme.survey_id == survey.id)))
    assert len(themes) >= 2 and all(t.label and t.keywords for t in themes)
    assert session.scalar(select(func.count()).select_from(ThemeAnchor)) == len(themes)
    stats = list(session.scalars(select(ThemeWaveStat)))
    assert {s.wave_id for s in stats} == {w.id for w in survey.waves}
    for wave in survey.waves:
        assert sum(s.share for s in stats if s.wave_id == wave.id) == pytest.approx(1.0, abs=0.05)
    themed = [c for c in _comments(session, survey) if c.theme_id is not None]
    assert len(themed) > 100
    assert all(len(t.exemplar_comment_ids) <= 5 for t in themes)


def test_running_twice_leaves_one_result(session, survey):
    run_analysis(session, survey)
    themes_before = {t.id: t.label for t in session.scalars(select(Theme))}
    assignment_before = {c.id: c.theme_id for c in _comments(session, survey)}
    stats_before = session.scalar(select(func.count()).select_from(ThemeWaveStat))
    second = run_analysis(session, survey)
    assert second.comments_analysed == 0
    assert {t.id: t.label for t in session.scalars(select(Theme))} == themes_before
    assert {c.id: c.theme_id for c in _comments(session, survey)} == assignment_before
    assert session.scalar(select(func.count()).select_from(ThemeWaveStat)) == stats_before
    assert session.scalar(select(func.count()).select_from(AnalysisRun)) == 2


def test_exemplars_come_only_from_groups_with_enough_comments(session):
    survey = make_commented_survey(session, comments_per_team=15)
    # A small unit of its own, outside the directorate: no group above it reaches k_text, so its three
    # comments can never be quoted. (A small team inside a large area is quoted under the area.)
    tiny = make_unit(session, kind="service_area", name="Tiny service")
    survey.audience.append(tiny)
    add_comments(session, survey.waves[0], [tiny], 3, rng=random.Random(3))
    session.commit()
    run_analysis(session, survey)
    groups = text_groups(session, survey)
    assert groups.shown_group(tiny.id) is None
    tiny_ids = set(session.scalars(select(Comment.id).join(Response).where(Response.unit_id == tiny.id)))
    exemplars = {i for t in session.scalars(select(Theme)) for i in t.exemplar_comment_ids}
    assert exemplars and not exemplars & tiny_ids


def test_a_failed_run_is_recorded(session, survey, monkeypatch):
    import surveyapp.services.analysis_runs as pipeline

    def broken(*_args, **_kwargs):
        raise RuntimeError("embedding file missing")

    monkeypatch.setattr(pipeline, "find_themes", broken)
    with pytest.raises(RuntimeError):
        run_analysis(session, survey)
    run = latest_run(session, survey)
    assert run.status == "failed" and "embedding file missing" in run.message
    assert {w.status for w in survey.waves} == {"closed"}


def test_an_empty_survey_analyses_to_nothing(session):
    survey = make_commented_survey(session, comments_per_team=0)
    make_wave(session, survey, status="closed")
    session.commit()
    run = run_analysis(session, survey)
    assert run.status == "done"
    assert session.scalar(select(func.count()).select_from(Theme)) == 0


def test_heard_analyse_runs_the_pipeline_from_the_command_line(app, session, survey):
    result = app.test_cli_runner().invoke(args=["heard", "analyse", "--survey", survey.key])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Analysed {survey.key}: 120 new comments,")
    session.expire_all()
    assert latest_run(session, survey).status == "done"
    missing = app.test_cli_runner().invoke(args=["heard", "analyse", "--survey", "nope"])
    assert missing.exit_code != 0


def test_heard_worker_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["heard", "worker"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_the_last_finished_run_is_read_afresh_when_it_ends_between_two_reads(session, survey):
    """A page reads the running run, the worker finishes it, then the page asks for the last finished run:
    it must see the finish time, not the running copy it already holds (a 500 seen in CI)."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from surveyapp.services.analysis_runs import last_finished_run

    session.add(AnalysisRun(survey_id=survey.id, status="running", stage="Finding themes", progress=0.5))
    session.commit()
    running = latest_run(session, survey)
    assert running is not None and running.finished_at is None
    with Session(session.get_bind()) as worker:  # the worker's own connection, as in a job
        row = worker.get(AnalysisRun, running.id)
        row.status, row.finished_at = "done", dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC)
        worker.commit()

    finished = last_finished_run(session, survey)
    assert finished is not None
    # SQLite hands the time back without its zone, PostgreSQL with it
    assert finished.finished_at.replace(tzinfo=None) == dt.datetime(2026, 11, 26, 5, 0)
