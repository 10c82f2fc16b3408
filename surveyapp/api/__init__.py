"""The read-only JSON API at ``/api/v1`` for analysts: the same threshold-safe aggregates the insights
pages show, built by the same services (``services.dashboard``, ``services.aggregates``).

Every request but the OpenAPI document needs ``Authorization: Bearer <token>``; a token acts with its
user's role and unit scope. Cookies are ignored here (so a browser session cannot be ridden by another
site, and CSRF protection is not needed). Errors are ``application/problem+json``.
"""

from __future__ import annotations

from flask import Blueprint, Response, g, request

from surveyapp.api.problems import ApiError
from surveyapp.extensions import db
from surveyapp.services.access import READER_ROLES
from surveyapp.services.api_tokens import authenticate

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def _token_required() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise ApiError(401, "Send an API token as 'Authorization: Bearer <token>'.")
    user = authenticate(db.session, raw.strip())
    if user is None:
        raise ApiError(401, "This API token is not recognised, has been revoked, or its user is disabled.")
    if user.role not in READER_ROLES:
        raise ApiError(403, "This token's user may not read results.")
    g.api_user = user


@bp.after_request
def _no_store(response: Response) -> Response:
    # Results must not stay in a proxy's or client's cache.
    response.headers["Cache-Control"] = "no-store"
    return response


from surveyapp.api import actions, openapi, surveys, themes  # noqa: E402 - views register on bp

__all__ = ["actions", "bp", "openapi", "surveys", "themes"]
