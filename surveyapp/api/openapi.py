"""The OpenAPI 3.1 description of ``/api/v1``, written by hand and served at ``/api/v1/openapi.json``.

Keep it in step with the views: tests check every response against it (schemathesis).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from questionnaires.schema import AUDIENCES, QUESTION_TYPES
from surveyapp.api import bp
from surveyapp.api.common import PER_PAGE_DEFAULT, PER_PAGE_MAX
from surveyapp.models.organisation import UNIT_KINDS
from surveyapp.models.surveys import ANONYMITY_MODES, CADENCES, WAVE_STATUSES

DESCRIPTION = """\
Read-only, threshold-safe aggregates of Heard surveys for analysts: the same figures the insights pages
show, built by the same code.

* **Aggregates only.** No comment text, quotes, individual answers or respondent details are available
  here. Raw and redacted comments stay in the insights pages.
* **Suppression.** A group with fewer responses than the survey's `reporting_threshold`, or one that
  could be worked out by subtracting other figures shown, comes back with `"suppressed": true` and its
  figures as `null`. Themes appear only where at least `text_threshold` comments share them; hidden
  themes and comments held for moderation never count.
* **Scope.** A token acts with its user's role and units: a survey outside them answers 404.
* **Authentication.** `Authorization: Bearer <token>`; an administrator issues tokens at
  `/admin/api-tokens`. Cookies are ignored.
* **Waves.** `wave` picks a closed wave (default: the latest closed wave); an unknown wave, or one still
  open, is a 400.
* Errors are `application/problem+json` (RFC 9457). Responses are never cached (`Cache-Control: no-store`).
"""


def _nullable(kind: str, **extra: Any) -> dict[str, Any]:
    return {"type": [kind, "null"], **extra}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    """A closed object whose every property is always present."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


PAGING = {
    "page": {"type": "integer", "minimum": 1},
    "per_page": {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX},
    "total": {"type": "integer", "minimum": 0},
    "pages": {"type": "integer", "minimum": 0},
}
THRESHOLDS = {
    "reporting_threshold": {"type": "integer", "minimum": 1, "description": "k: smallest group shown"},
    "text_threshold": {"type": "integer", "minimum": 1, "description": "k_text: smallest set of comments"},
}
WAVE_NUMBER = _nullable("integer", minimum=1, description="The wave reported; null when none has closed")
SURVEY_FIELDS = {
    "key": {"type": "string"},
    "title": {"type": "string"},
    "audience": {"type": "string", "enum": list(AUDIENCES)},
    "cadence": {"type": "string", "enum": list(CADENCES)},
    "anonymity_mode": {"type": "string", "enum": list(ANONYMITY_MODES)},
    **THRESHOLDS,
    "url": {"type": "string", "description": "This survey in the API"},
}
MEASURE_FIELDS = {
    "suppressed": {"type": "boolean", "description": "True when the group is below the threshold"},
    "n": _nullable("integer", minimum=0, description="Answers to the question"),
    "favourable_share": _nullable("number", minimum=0, maximum=1, description="Share answering favourably"),
    "mean": _nullable("number"),
    "enps": _nullable("number", minimum=-100, maximum=100, description="For 0–10 questions only"),
}

SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string"},
        },
        "required": ["type", "title", "status", "detail"],
    },
    "Unit": _object(
        {
            "key": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": list(UNIT_KINDS)},
        }
    ),
    "Question": _object(
        {
            "key": {"type": "string"},
            "text": {"type": "string"},
            "type": {"type": "string", "enum": list(QUESTION_TYPES)},
        }
    ),
    "Survey": _object(SURVEY_FIELDS),
    "SurveyPage": _object({"items": {"type": "array", "items": _ref("Survey")}, **PAGING}),
    "Wave": _object(
        {
            "number": {"type": "integer", "minimum": 1},
            "status": {"type": "string", "enum": list(WAVE_STATUSES)},
            "opens_on": {"type": "string", "format": "date"},
            "closes_on": {"type": "string", "format": "date"},
            "has_results": {"type": "boolean", "description": "Closed or analysed, so results are reported"},
        }
    ),
    "WaveRate": _object(
        {
            "wave": {"type": "integer", "minimum": 1},
            "suppressed": {"type": "boolean"},
            "responses": _nullable("integer", minimum=0),
            "response_rate": _nullable(
                "number", minimum=0, maximum=1, description="Null when suppressed or the headcount is unknown"
            ),
        }
    ),
    "SurveyDetail": _object(
        {
            **SURVEY_FIELDS,
            "waves": {"type": "array", "items": _ref("Wave")},
            "groups": {
                "type": "array",
                "description": "The highest groups in the token's scope, with each reported wave",
                "items": _object(
                    {"unit": _ref("Unit"), "waves": {"type": "array", "items": _ref("WaveRate")}}
                ),
            },
        }
    ),
    "Headline": _object(
        {
            "question": _ref("Question"),
            **MEASURE_FIELDS,
            "change": _object(
                {
                    "points": _nullable("number", description="Change in % favourable since the wave before"),
                    "significant": {"type": "boolean"},
                    "reason": _nullable("string", description="Why no change is shown"),
                }
            ),
            "trend": {
                "type": "array",
                "items": _object(
                    {
                        "wave": {"type": "integer", "minimum": 1},
                        "favourable_percent": _nullable("number", minimum=0, maximum=100),
                    }
                ),
            },
        }
    ),
    "Measures": _object(
        {
            "survey": {"type": "string"},
            "wave": WAVE_NUMBER,
            **THRESHOLDS,
            "groups": {
                "type": "array",
                "items": _object(
                    {
                        "unit": _ref("Unit"),
                        "suppressed": {"type": "boolean"},
                        "responses": _nullable("integer", minimum=0),
                        "response_rate": _nullable("number", minimum=0, maximum=1),
                        "measures": {"type": "array", "items": _ref("Headline")},
                    }
                ),
            },
        }
    ),
    "Heatmap": _object(
        {
            "survey": {"type": "string"},
            "wave": WAVE_NUMBER,
            **THRESHOLDS,
            "questions": {"type": "array", "items": _ref("Question")},
            "units": {"type": "array", "items": _ref("Unit")},
            "cells": {
                "type": "array",
                "description": "One cell per question × unit; a cell with fewer than k answers is suppressed",
                "items": _object(
                    {"question": {"type": "string"}, "unit": {"type": "string"}, **MEASURE_FIELDS}
                ),
            },
        }
    ),
    "Theme": _object(
        {
            "id": {"type": "integer"},
            "label": {"type": "string"},
            "keywords": {"type": "array", "items": {"type": "string"}},
            "count": {"type": "integer", "minimum": 0, "description": "Comments in this theme in the wave"},
            "share": {
                "type": "number",
                "minimum": 0,
                "maximum": 1,
                "description": "Share of the wave's comments",
            },
            "sentiment_mean": _nullable("number", minimum=-1, maximum=1),
            "flags": {"type": "array", "items": {"type": "string", "enum": ["new", "rising", "falling"]}},
            "trend": {
                "type": "array",
                "items": _object(
                    {
                        "wave": {"type": "integer", "minimum": 1},
                        "share_percent": _nullable(
                            "number", minimum=0, maximum=100, description="Null below the text threshold"
                        ),
                    }
                ),
            },
        }
    ),
    "ThemePage": _object(
        {
            "survey": {"type": "string"},
            "wave": WAVE_NUMBER,
            **THRESHOLDS,
            "themes_not_shown": {
                "type": "integer",
                "minimum": 0,
                "description": "Themes below the threshold",
            },
            "items": {"type": "array", "items": _ref("Theme")},
            **PAGING,
        }
    ),
    "Action": _object(
        {
            "id": {"type": "integer"},
            "you_said": {"type": "string"},
            "we_did": {"type": "string"},
            "owner": {"type": "string"},
            "due_on": _nullable("string", format="date"),
            "published_on": {"type": "string", "format": "date"},
            "question_key": _nullable("string"),
            "theme": {
                "oneOf": [
                    {"type": "null"},
                    _object({"id": {"type": "integer"}, "label": {"type": "string"}}),
                ]
            },
        }
    ),
    "ActionPage": _object(
        {"survey": {"type": "string"}, "items": {"type": "array", "items": _ref("Action")}, **PAGING}
    ),
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": _ref("Problem")}},
    }


def _ok(schema: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


PARAMETERS = {
    "key": {
        "name": "key",
        "in": "path",
        "required": True,
        "description": "The survey's key",
        "schema": {"type": "string", "minLength": 1, "maxLength": 64},
        "example": "staff-pulse",
    },
    "wave": {
        "name": "wave",
        "in": "query",
        "required": False,
        "description": "A closed wave's number; the latest closed wave when left out",
        "schema": {"type": "integer", "minimum": 1},
    },
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    "per_page": {
        "name": "per_page",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1, "maximum": PER_PAGE_MAX, "default": PER_PAGE_DEFAULT},
    },
}


def _operation(
    operation_id: str, summary: str, schema: str, parameters: list[str], *, survey: bool = True
) -> dict[str, Any]:
    responses = {
        "200": _ok(schema, summary),
        "401": _problem("No token, or an unknown or revoked one, or its user is disabled"),
        "403": _problem("The token's user may not read results"),
    }
    if parameters != ["key"]:
        responses["400"] = _problem(
            "A query parameter is not a whole number, out of range, or names no closed wave"
        )
    if survey:
        responses["404"] = _problem("No such survey, or one outside the token's scope")
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["results"],
        "parameters": [_ref_parameter(name) for name in parameters],
        "responses": dict(sorted(responses.items())),
    }


def _ref_parameter(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/parameters/{name}"}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Heard results API", "version": "1.0.0", "description": DESCRIPTION},
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "tags": [{"name": "results", "description": "Threshold-safe aggregates"}],
    "paths": {
        "/surveys": {
            "get": _operation(
                "listSurveys",
                "Surveys in the token's scope, by title",
                "SurveyPage",
                ["page", "per_page"],
                survey=False,
            )
        },
        "/surveys/{key}": {
            "get": _operation(
                "getSurvey", "A survey with its waves and response rates", "SurveyDetail", ["key"]
            )
        },
        "/surveys/{key}/measures": {
            "get": _operation(
                "getMeasures",
                "Headline measures per question for each group in scope",
                "Measures",
                ["key", "wave"],
            )
        },
        "/surveys/{key}/heatmap": {
            "get": _operation("getHeatmap", "Questions × groups for one wave", "Heatmap", ["key", "wave"])
        },
        "/surveys/{key}/themes": {
            "get": _operation(
                "getThemes",
                "Comment themes of one wave (figures only)",
                "ThemePage",
                ["key", "wave", "page", "per_page"],
            )
        },
        "/surveys/{key}/actions": {
            "get": _operation(
                "getActions",
                "Published 'you said, we did' actions",
                "ActionPage",
                ["key", "page", "per_page"],
            )
        },
    },
    "components": {
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "description": "A token an administrator issued at /admin/api-tokens",
            }
        },
        "parameters": PARAMETERS,
        "schemas": SCHEMAS,
    },
}


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """This API's OpenAPI document (no token needed: it describes, it holds no results)."""
    return jsonify(DOCUMENT)
