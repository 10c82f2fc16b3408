"""Surveys in the token's scope, each with its waves and response rates, headline measures and heatmap."""

from __future__ import annotations

from typing import Any

from flask import jsonify, url_for
from flask.typing import ResponseReturnValue

from surveyapp.api import bp
from surveyapp.api.common import (
    api_survey,
    api_user,
    dashboard_for,
    number,
    paginate,
    thresholds_json,
    unit_json,
    wave_json,
)
from surveyapp.extensions import db
from surveyapp.models import Survey
from surveyapp.services.access import surveys_in_scope
from surveyapp.services.aggregates import Measure
from surveyapp.services.dashboard import Dashboard, Headline, audience_of


def survey_json(survey: Survey) -> dict[str, Any]:
    return {
        "key": survey.key,
        "title": survey.title,
        "audience": audience_of(survey),
        "cadence": survey.cadence,
        "anonymity_mode": survey.anonymity_mode,
        "reporting_threshold": survey.reporting_threshold,
        "text_threshold": survey.text_threshold,
        "url": url_for("api.survey", key=survey.key),
    }


def measure_json(measure: Measure) -> dict[str, Any]:
    """A measure's figures; all null and ``suppressed`` when its group is below the threshold."""
    return {
        "suppressed": measure.hidden,
        "n": measure.n,
        "favourable_share": number(measure.favourable),
        "mean": number(measure.mean),
        "enps": number(measure.enps),
    }


def headline_json(board: Dashboard, line: Headline) -> dict[str, Any]:
    question = line.question
    return {
        "question": {"key": question.key, "text": question.text, "type": question.type},
        **measure_json(line.measure),
        "change": {
            "points": number(line.change.points),
            "significant": line.change.significant,
            "reason": line.change.reason,
        },
        "trend": [
            {"wave": wave.number, "favourable_percent": number(value)}
            for wave, value in zip(board.waves, line.trend, strict=True)
        ],
    }


@bp.get("/surveys")
def surveys() -> ResponseReturnValue:
    """The surveys this token may read, by title."""
    page, paging = paginate(surveys_in_scope(db.session, api_user()))
    return jsonify({"items": [survey_json(s) for s in page], **paging})


@bp.get("/surveys/<key>")
def survey(key: str) -> ResponseReturnValue:
    """One survey with its waves and, for each group in scope, responses and response rate per wave."""
    found = api_survey(key)
    board = dashboard_for(found)
    return jsonify(
        {
            **survey_json(found),
            "waves": [wave_json(w) for w in found.waves],
            "groups": [
                {
                    "unit": unit_json(board.aggregates.tree.units[top]),
                    "waves": [
                        {
                            "wave": rate.wave.number,
                            "suppressed": rate.responses is None,
                            "responses": rate.responses,
                            "response_rate": number(rate.rate),
                        }
                        for rate in board.rates[top]
                    ],
                }
                for top in board.scope.tops
            ],
        }
    )


@bp.get("/surveys/<key>/measures")
def measures(key: str) -> ResponseReturnValue:
    """Each scored question's % favourable, mean, eNPS and change for each group in scope, in one wave."""
    board = dashboard_for(api_survey(key))
    groups = []
    for top in board.scope.tops:
        rate = next((r for r in board.rates[top] if r.wave is board.latest), None)
        groups.append(
            {
                "unit": unit_json(board.aggregates.tree.units[top]),
                "suppressed": rate is None or rate.responses is None,
                "responses": None if rate is None else rate.responses,
                "response_rate": None if rate is None else number(rate.rate),
                "measures": [headline_json(board, line) for line in board.headlines.get(top, [])],
            }
        )
    return jsonify(
        {
            "survey": board.survey.key,
            "wave": board.latest.number if board.latest else None,
            **thresholds_json(board),
            "groups": groups,
        }
    )


@bp.get("/surveys/<key>/heatmap")
def heatmap(key: str) -> ResponseReturnValue:
    """Questions × groups (service areas, or partner groups and named schools) in one wave."""
    board = dashboard_for(api_survey(key))
    columns = board.scope.columns + board.scope.named if board.latest else []
    return jsonify(
        {
            "survey": board.survey.key,
            "wave": board.latest.number if board.latest else None,
            **thresholds_json(board),
            "questions": [{"key": q.key, "text": q.text, "type": q.type} for q in board.questions],
            "units": [unit_json(board.aggregates.tree.units[u]) for u in columns],
            "cells": [
                {
                    "question": question.key,
                    "unit": board.aggregates.tree.units[unit_id].key,
                    **measure_json(board.heatmap[(question.key, unit_id)]),
                }
                for question in board.questions
                for unit_id in columns
            ],
        }
    )
