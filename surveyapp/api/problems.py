"""Errors from the API as RFC 9457 problem details (``application/problem+json``), never HTML pages."""

from __future__ import annotations

import json

from flask import Response, request
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "application/problem+json"
API_PREFIX = "/api/"

_TITLES = {
    400: "Bad request",
    401: "Unauthorised",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    500: "Internal server error",
}
_DETAILS = {
    401: "Send a working API token as 'Authorization: Bearer <token>'.",
    403: "This token's user may not read results.",
    404: "There is nothing here, or it is outside this token's scope.",
    405: "The API is read-only: use GET.",
    500: "Something went wrong on our side.",
}


def is_api_request() -> bool:
    """True when the request is for the API (its errors are problem documents)."""
    return request.path.startswith(API_PREFIX)


def problem(status: int, detail: str | None = None, *, title: str | None = None) -> Response:
    """A problem document with ``status``, a short title and a detail saying what to do."""
    body = {
        "type": "about:blank",
        "title": title or _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or _DETAILS.get(status, "The request could not be completed."),
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    response.headers["Cache-Control"] = "no-store"
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="heard-api"'
    return response


def from_http_error(error: HTTPException) -> Response:
    """The problem document for a werkzeug HTTP error raised while serving the API."""
    code = error.code or 500
    # Only details this package wrote are passed on; werkzeug's stock descriptions are generic HTML-ish prose.
    detail = getattr(error, "api_detail", None)
    response = problem(code, detail, title=_TITLES.get(code, error.name))
    if code == 405 and getattr(error, "valid_methods", None):
        response.headers["Allow"] = ", ".join(error.valid_methods)  # type: ignore[attr-defined]
    return response


class ApiError(HTTPException):
    """An API error with a detail meant for the caller (e.g. which query parameter is wrong)."""

    def __init__(self, code: int, detail: str) -> None:
        super().__init__(description=detail)
        self.code = code
        self.api_detail = detail
