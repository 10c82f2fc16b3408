"""The survey dashboard at ``/insights/<survey_key>``: trends, headlines, heatmap and themes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.insights import bp
from surveyapp.services import charts
from surveyapp.services.access import scope_for, survey_for
from surveyapp.services.actions import actions_for
from surveyapp.services.aggregates import aggregate_cache
from surveyapp.services.dashboard import (
    COMPARABLE_AUDIENCES,
    Dashboard,
    audience_of,
    build_dashboard,
    ran_on,
)


def dashboard_charts(board: Dashboard) -> dict[str, object]:
    """The charts the dashboard and the board pack draw from one ``Dashboard``."""
    labels = [f"Wave {w.number}" for w in board.waves]
    found: dict[str, object] = {}
    for top in board.scope.tops:
        found[f"rate-{top}"] = charts.line_chart(
            f"rate-{top}",
            f"Response rate by wave, {board.unit_name(top)}",
            labels,
            [None if r.rate is None else 100.0 * r.rate for r in board.rates[top]],
            value_header="Response rate",
            missing=f"fewer than {board.k} responses",
        )
    if board.latest is not None and board.questions:
        columns = board.scope.columns + board.scope.named
        found["heatmap"] = charts.heatmap(
            "heatmap",
            f"Percentage favourable by question and group, wave {board.latest.number}",
            [q.text for q in board.questions],
            [board.unit_name(u) for u in columns],
            [[board.heatmap[(q.key, u)].favourable for u in columns] for q in board.questions],
            hidden_text=f"fewer than {board.k}",
        )
    found["headline_sparks"] = {
        (top, line.question.key): charts.sparkline(
            f"headline-spark-{top}-{line.question.key}",
            f"Percentage favourable over waves: {line.question.text}",
            labels,
            line.trend,
        )
        for top, lines in board.headlines.items()
        for line in lines
    }
    found["sparks"] = {
        row.theme.id: charts.sparkline(
            f"theme-spark-{row.theme.id}",
            f"Share of comments over waves: {row.theme.display_label}",
            labels,
            row.trend,
        )
        for row in board.themes
    }
    return found


@bp.get("/<survey_key>")
def dashboard(survey_key: str) -> ResponseReturnValue:
    """One survey's dashboard, limited to the reader's scope and the disclosure rules."""
    survey = survey_for(db.session, current_user, survey_key)
    board = build_dashboard(
        db.session, survey, scope_for(db.session, current_user), aggregate_cache(current_app)
    )
    return render_template(
        "insights/dashboard/show.html",
        title=f"{survey.title}: dashboard",
        board=board,
        charts=dashboard_charts(board),
        ran_on=ran_on(board.last_run),
        actions=actions_for(db.session, survey)[:5],
        theme_url=_link("insights.theme", lambda theme: {"survey_key": survey.key, "theme_id": theme.id}),
        compare_url=url_for("insights.compare", survey_key=survey.key)
        if audience_of(survey) in COMPARABLE_AUDIENCES
        else None,
    )


def _link(endpoint: str, arguments: Callable[[Any], dict[str, Any]]) -> Callable[[Any], str] | None:
    """A URL builder for a page another module may or may not have registered yet."""
    if endpoint not in current_app.view_functions:
        return None
    return lambda item: url_for(endpoint, **arguments(item))
