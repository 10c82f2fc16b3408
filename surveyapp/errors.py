"""Error pages in the service's own style."""

from __future__ import annotations

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
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


def init_app(app: Flask) -> None:
    """Register friendly handlers for HTTP errors, CSRF failures and crashes."""

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError) -> ResponseReturnValue:
        return render_template("errors/csrf.html", title=_TITLES[400]), 400

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        template = f"errors/{code}.html" if code in (404, 500) else "errors/generic.html"
        return render_template(template, title=_TITLES.get(code, error.name), error=error), code

    @app.errorhandler(Exception)
    def _crash(error: Exception) -> ResponseReturnValue:
        app.logger.exception("Unhandled error")
        return render_template("errors/500.html", title=_TITLES[500]), 500
