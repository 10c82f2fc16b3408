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
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": env.get("SECRET_KEY") or persistent_secret_key(instance_path),
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
    }


def validate_config(config: Mapping[str, Any]) -> None:
    """Refuse settings that would break an anonymity rule or leave the app unusable."""
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
