"""Error pages in the service's own style."""

from __future__ import annotations

from typing import Any

from flask import Flask, Request, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

_TITLES = {
    400: "Sorry, there is a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "Sorry, that action is not allowed here",
    410: "This page is no longer available",
    413: "What you sent is too large",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
}


# Routes that take a CSV file: their bodies may reach UPLOAD_MAX_LENGTH, every other one MAX_CONTENT_LENGTH.
UPLOAD_ENDPOINTS = frozenset({"admin.import_units_view", "admin.invitations"})


class _WithoutNul(ImmutableMultiDict):  # type: ignore[type-arg]
    """Form fields and query parameters with NUL characters removed: no browser sends one, they mean
    nothing in text, and PostgreSQL refuses to store or even compare them (a crash, not a refusal)."""

    def __init__(self, mapping: Any = None) -> None:
        if isinstance(mapping, list):
            mapping = [(_strip_nul(key), _strip_nul(value)) for key, value in mapping]
        super().__init__(mapping)


def _strip_nul(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) else value


class HeardRequest(Request):
    """A request whose body limit depends on the route (uploads get a larger one than forms), and whose
    form fields and query parameters carry no NUL characters."""

    parameter_storage_class = _WithoutNul

    @property
    def max_content_length(self) -> int | None:  # type: ignore[override]
        if self._max_content_length is None and current_app and self.endpoint in UPLOAD_ENDPOINTS:
            return current_app.config.get("UPLOAD_MAX_LENGTH")
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value


def init_app(app: Flask) -> None:
    """Register friendly handlers for HTTP errors, CSRF failures and crashes, and the body size limits."""
    app.request_class = HeardRequest

    @app.url_value_preprocessor
    def _no_nul_in_urls(endpoint: str | None, values: dict[str, Any] | None) -> None:
        # A NUL in a path segment names nothing; PostgreSQL would fail on it rather than find no row.
        if values and any(isinstance(v, str) and "\x00" in v for v in values.values()):
            abort(404)

    from surveyapp.api import problems as api_problems  # the API answers errors as problem+json

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> ResponseReturnValue:
        return render_template("errors/csrf.html", title=_TITLES[400]), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> ResponseReturnValue:
        if api_problems.is_api_request():
            return api_problems.from_http_error(error)
        code = error.code or 500
        template = f"errors/{code}.html" if code in (404, 500) else "errors/generic.html"
        return render_template(template, title=_TITLES.get(code, error.name), error=error), code

    @app.errorhandler(Exception)
    def _crash(error: Exception) -> ResponseReturnValue:
        app.logger.exception("Unhandled error")
        if api_problems.is_api_request():
            return api_problems.problem(500)
        return render_template("errors/500.html", title=_TITLES[500]), 500
