"""What every API view shares: the token's user, query parameters, pagination, and shaping values."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypeVar

from flask import current_app, g, request

from surveyapp.api.problems import ApiError
from surveyapp.extensions import db
from surveyapp.models import Survey, Unit, User, Wave
from surveyapp.services.access import Scope, scope_for, survey_for
from surveyapp.services.aggregates import aggregate_cache
from surveyapp.services.dashboard import Dashboard, build_dashboard, reported_waves

T = TypeVar("T")
PER_PAGE_DEFAULT = 50
PER_PAGE_MAX = 100


def api_user() -> User:
    """The user the request's token acts for (set by the blueprint's token check)."""
    return g.api_user


def api_scope() -> Scope:
    return scope_for(db.session, api_user())


def api_survey(key: str) -> Survey:
    """The survey ``key`` in the token's scope; 404 otherwise (out of scope is not confirmed to exist)."""
    return survey_for(db.session, api_user(), key)


def int_param(name: str, *, minimum: int = 1, maximum: int | None = None) -> int | None:
    """The query parameter ``name`` as a whole number, None when absent; 400 when it is not one."""
    raw = request.args.get(name)
    if raw is None:
        return None
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise ApiError(400, f"'{name}' must be a whole number.")
    value = int(text)
    if value < minimum or (maximum is not None and value > maximum):
        upper = f" and at most {maximum}" if maximum is not None else ""
        raise ApiError(400, f"'{name}' must be at least {minimum}{upper}.")
    return value


def paginate(items: Sequence[T]) -> tuple[list[T], dict[str, int]]:
    """The requested page of ``items`` (``page``, ``per_page`` query parameters) and the paging figures."""
    page = int_param("page") or 1
    per_page = int_param("per_page", maximum=PER_PAGE_MAX) or PER_PAGE_DEFAULT
    start = (page - 1) * per_page
    return list(items[start : start + per_page]), {
        "page": page,
        "per_page": per_page,
        "total": len(items),
        "pages": math.ceil(len(items) / per_page),
    }


def dashboard_for(survey: Survey) -> Dashboard:
    """The survey's dashboard for the token's scope, at the wave in ``?wave=`` (default: the latest).

    400 when the wave does not exist or has no results yet (only closed waves report).
    """
    number = int_param("wave")
    if number is not None:
        known = {w.number: w for w in survey.waves}
        if number not in known:
            raise ApiError(400, f"Survey '{survey.key}' has no wave {number}.")
        if known[number] not in reported_waves(survey):
            raise ApiError(400, f"Wave {number} has no results yet: results are reported once a wave closes.")
    return build_dashboard(db.session, survey, api_scope(), aggregate_cache(current_app), upto=number)


def number(value: float | None) -> float | None:
    """A float for JSON, with anything not finite as null (JSON has no NaN)."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def unit_json(unit: Unit) -> dict[str, Any]:
    return {"key": unit.key, "name": unit.name, "kind": unit.kind}


def wave_json(wave: Wave) -> dict[str, Any]:
    return {
        "number": wave.number,
        "status": wave.status,
        "opens_on": wave.opens_on.isoformat(),
        "closes_on": wave.closes_on.isoformat(),
        "has_results": wave in reported_waves(wave.survey),
    }


def thresholds_json(board: Dashboard) -> dict[str, int]:
    return {"reporting_threshold": board.k, "text_threshold": board.k_text}
