"""Configuration read from the environment, with safe local defaults."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MIN_REPORTING_THRESHOLD = 3
DEFAULT_REPORTING_THRESHOLD = 5
DEFAULT_TEXT_THRESHOLD = 10
DEFAULT_COMMENT_MAX_LENGTH = 2000
PRODUCTION = "production"


class ConfigError(ValueError):
    """A setting is missing or unsafe; the message says which and why."""


def _int_setting(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").lower() in {"1", "true", "yes", "on"}


def persistent_secret_key(instance_path: Path) -> str:
    """Return the secret key kept in ``instance/secret_key``, creating it once.

    Several gunicorn workers start at the same moment: the key is written to a temporary file and
    hard-linked into place, so exactly one writer wins and every worker reads the same key.
    """
    instance_path.mkdir(parents=True, exist_ok=True)
    target = instance_path / "secret_key"
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=instance_path, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
            os.chmod(tmp, 0o600)
            with contextlib.suppress(FileExistsError):  # another worker won the race; use its key
                os.link(tmp, target)
        finally:
            os.unlink(tmp)
    return target.read_text().strip()


def load_config(instance_path: Path, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Build the app's settings from ``env`` (default: the process environment)."""
    env = os.environ if env is None else env
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'heard.sqlite3'}"
    threshold = _int_setting(env, "REPORTING_THRESHOLD", DEFAULT_REPORTING_THRESHOLD)
    text_threshold = _int_setting(env, "TEXT_REPORTING_THRESHOLD", DEFAULT_TEXT_THRESHOLD)
    heard_env = (env.get("HEARD_ENV") or "development").strip().lower()
    # Production must be given its key: one generated here would differ between machines.
    secret_key = env.get("SECRET_KEY") or (
        None if heard_env == PRODUCTION else persistent_secret_key(instance_path)
    )
    return {
        "HEARD_ENV": heard_env,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": secret_key,
        "SECRET_KEY_FROM_ENV": bool(env.get("SECRET_KEY")),
        # Authenticator secrets are sealed with a key derived from this, else from SECRET_KEY: set it to the
        # old SECRET_KEY when rotating SECRET_KEY, or every admin and leader must set up their app again.
        "MFA_SECRET_KEY": env.get("MFA_SECRET_KEY") or None,
        "REPORTING_THRESHOLD": threshold,
        "TEXT_REPORTING_THRESHOLD": text_threshold,
        "BASE_URL": env.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "COUNCIL_NAME": env.get("COUNCIL_NAME", "Northmoor Council"),
        "SERVICE_NAME": env.get("SERVICE_NAME", "Heard"),
        "REDIS_URL": env.get("REDIS_URL") or None,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "").lower() in {"1", "true", "yes"},
        "WTF_CSRF_TIME_LIMIT": None,
        # Request bodies: 1 MB is far more than any form needs (a comment is at most a few KB), so a larger
        # post is refused with a 413 page before it is read; CSV uploads (units, invitation lists) may be
        # bigger — a 5 MB list holds over 100,000 addresses.
        "MAX_CONTENT_LENGTH": _int_setting(env, "MAX_CONTENT_LENGTH", 1024 * 1024),
        "UPLOAD_MAX_LENGTH": _int_setting(env, "UPLOAD_MAX_LENGTH", 5 * 1024 * 1024),
        # Respondents (issue 3): the longest comment accepted, and how many answers one address may send
        # through one open link (a deterrent against ballot-stuffing that still lets a team sharing one
        # office network answer together at an event).
        "COMMENT_MAX_LENGTH": _int_setting(env, "COMMENT_MAX_LENGTH", DEFAULT_COMMENT_MAX_LENGTH),
        "OPEN_LINK_RATE_LIMIT": env.get("OPEN_LINK_RATE_LIMIT") or "30 per hour",
        # Where to go instead of a survey, shown on every start page: plain text, each with an optional link.
        "SAFEGUARDING_ROUTE": env.get("SAFEGUARDING_ROUTE")
        or "If you are worried about a child's safety, contact the Children's Front Door (MASH) today. "
        "If a child is in immediate danger, call 999.",
        "SAFEGUARDING_URL": env.get("SAFEGUARDING_URL") or None,
        "LADO_ROUTE": env.get("LADO_ROUTE")
        or "If you are worried about how an adult who works with children behaves, "
        "contact the Local Authority Designated Officer (LADO).",
        "LADO_URL": env.get("LADO_URL") or None,
        "WHISTLEBLOWING_ROUTE": env.get("WHISTLEBLOWING_ROUTE")
        or "To report wrongdoing at work, follow the council's whistleblowing policy.",
        "WHISTLEBLOWING_URL": env.get("WHISTLEBLOWING_URL") or None,
        # Staff sessions end 8 hours after sign-in, or after an hour without a request.
        "PERMANENT_SESSION_LIFETIME": dt.timedelta(hours=_int_setting(env, "SESSION_HOURS", 8)),
        "SESSION_IDLE_MINUTES": _int_setting(env, "SESSION_IDLE_MINUTES", 60),
        # Failed sign-ins allowed per address and per account before a 429.
        "SIGN_IN_RATE_LIMIT": env.get("SIGN_IN_RATE_LIMIT") or "10 per 5 minutes",
        "PASSWORD_RESET_HOURS": _int_setting(env, "PASSWORD_RESET_HOURS", 48),
        # Outgoing email for invitations and reminders; with no MAIL_SERVER, links are offered as a CSV.
        "MAIL_SERVER": env.get("MAIL_SERVER") or None,
        "MAIL_PORT": _int_setting(env, "MAIL_PORT", 25),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_USE_TLS": _flag(env, "MAIL_USE_TLS"),
        "MAIL_FROM": env.get("MAIL_FROM") or "Heard <no-reply@heard.invalid>",
        "MAIL_TIMEOUT": _int_setting(env, "MAIL_TIMEOUT", 10),
        # Logs (surveyapp.logging_setup): one JSON object a line in production, readable text elsewhere.
        "LOG_FORMAT": (env.get("LOG_FORMAT") or ("json" if heard_env == PRODUCTION else "text")).lower(),
        "LOG_LEVEL": (env.get("LOG_LEVEL") or "INFO").upper(),
        # Database connections per web process: gunicorn runs WEB_THREADS threads in each worker, and each
        # thread holds at most one connection, so the pool covers them with a little overflow for jobs
        # started in-process. Workers × (pool + overflow) must stay under PostgreSQL's max_connections.
        "DB_POOL_SIZE": _int_setting(env, "DB_POOL_SIZE", max(_int_setting(env, "WEB_THREADS", 1), 1) + 1),
        "DB_MAX_OVERFLOW": _int_setting(env, "DB_MAX_OVERFLOW", 2),
        "DB_POOL_TIMEOUT": _int_setting(env, "DB_POOL_TIMEOUT", 10),
        # Background jobs on RQ (surveyapp.jobs): the queue name lets several sites share one Redis.
        "RQ_QUEUE": env.get("RQ_QUEUE") or "heard",
        "READY_REQUIRES_REDIS": env.get("READY_REQUIRES_REDIS", "0").lower() in {"1", "true", "yes", "on"},
        # How many reverse proxies sit in front (their X-Forwarded-* headers are trusted only then).
        "TRUST_PROXY": _int_setting(env, "TRUST_PROXY", 0),
        # Roles that must confirm a code from an authenticator app (TOTP) after their password.
        "MFA_REQUIRED_ROLES": tuple(
            role.strip()
            for role in (env.get("MFA_REQUIRED_ROLES", "admin,leader")).split(",")
            if role.strip()
        ),
    }


def validate_config(config: Mapping[str, Any]) -> None:
    """Refuse settings that would break an anonymity rule or leave the app unusable."""
    if config.get("HEARD_ENV") == PRODUCTION:
        validate_production(config)
    threshold = config["REPORTING_THRESHOLD"]
    if threshold < MIN_REPORTING_THRESHOLD:
        raise ConfigError(
            f"REPORTING_THRESHOLD is {threshold}; it must be at least {MIN_REPORTING_THRESHOLD} "
            "so that no group small enough to identify people is ever reported"
        )
    if config["TEXT_REPORTING_THRESHOLD"] < threshold:
        raise ConfigError("TEXT_REPORTING_THRESHOLD must not be lower than REPORTING_THRESHOLD")
    if not config.get("SECRET_KEY"):
        raise ConfigError("SECRET_KEY is empty")
    if config.get("COMMENT_MAX_LENGTH", DEFAULT_COMMENT_MAX_LENGTH) < 1:
        raise ConfigError("COMMENT_MAX_LENGTH must be at least 1")
    if config.get("LOG_FORMAT", "text") not in ("json", "text"):
        raise ConfigError(f"LOG_FORMAT must be json or text, not {config['LOG_FORMAT']!r}")


def validate_production(config: Mapping[str, Any]) -> None:
    """Refuse to run production with debugging on, a made-up secret key, or cookies sent over HTTP."""
    if config.get("DEBUG") or _flag(os.environ, "FLASK_DEBUG"):
        raise ConfigError(
            "HEARD_ENV is production but debugging is on (DEBUG/FLASK_DEBUG): the debugger runs any "
            "code a visitor sends. Unset FLASK_DEBUG."
        )
    if not config.get("SECRET_KEY") or not config.get("SECRET_KEY_FROM_ENV"):
        raise ConfigError(
            "HEARD_ENV is production but SECRET_KEY is not set: give every web process the same "
            "long random SECRET_KEY (e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if not config.get("SESSION_COOKIE_SECURE"):
        raise ConfigError(
            "HEARD_ENV is production but SESSION_COOKIE_SECURE is off: set SESSION_COOKIE_SECURE=1 and "
            "serve over HTTPS, so sign-in cookies never travel unencrypted."
        )
