"""Security headers on every response: a strict content security policy and its per-request nonce,
no referrer, no framing, HSTS over HTTPS, and no caching of anything that shows results or answers.

Installed by ``create_app``. Behind a reverse proxy (``TRUST_PROXY`` = how many), werkzeug's ProxyFix
makes ``request.is_secure`` and the client address honour the proxy's X-Forwarded-* headers; without
that setting those headers are ignored, since anyone could send them.
"""

from __future__ import annotations

import secrets

from flask import Flask, g, request
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

# Pages whose content must not stay in a shared device's cache or back/forward history: results,
# administration, the API, sign-in, and a respondent's questions (their answers sit in the form).
NO_STORE_PREFIXES = ("/admin", "/insights", "/api", "/sign-in", "/sign-out", "/reset-password", "/s/")
HSTS = "max-age=31536000; includeSubDomains"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def csp_nonce() -> str:
    """This request's script nonce, made on first use (templates get it as ``cspNonce``)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy(nonce: str) -> str:
    """The policy: only this site's files, plus the one inline script GOV.UK's template carries."""
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' 'nonce-{nonce}'",
        # No 'unsafe-inline': every style is in a stylesheet, and SVG uses presentation attributes.
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _set_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    # Survey links carry personal tokens in their path (/s/<token>): with any referrer policy but
    # no-referrer, following a link out of a survey page would hand the token to another site.
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    if request.path.startswith(NO_STORE_PREFIXES):
        headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Trust the proxy if told to, and add the headers to every response."""
    hops = int(app.config.get("TRUST_PROXY") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)  # type: ignore[method-assign]
    app.after_request(_set_headers)
    app.context_processor(lambda: {"cspNonce": csp_nonce()})
