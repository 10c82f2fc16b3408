"""Heard: a staff and stakeholder feedback platform for children's services."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from surveyapp.config import load_config, validate_config
from surveyapp.extensions import csrf, db, limiter, login_manager

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create and configure a Heard application.

    Settings come from the environment (see ``surveyapp.config``); ``config`` overrides them, which is
    how tests point the app at their own database. Raises ``ConfigError`` for unsafe settings.
    """
    app = Flask(
        __name__,
        instance_path=str(REPOSITORY_ROOT / "instance"),
        static_folder=str(REPOSITORY_ROOT / "static"),
        static_url_path="/static",
    )
    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)
    validate_config(app.config)

    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("surveyapp"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    WTFormsHelpers(app)
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see that page."
    login_manager.login_message_category = "information"
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    # Redis down must never turn a request into a 500: limits fall back to per-process memory, and a
    # dead Redis is given up on after a second rather than holding the request.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)
    if str(app.config["RATELIMIT_STORAGE_URI"]).startswith("redis"):
        app.config.setdefault("RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1})
    limiter.init_app(app)
    _register_user_loader()

    from surveyapp import errors, health, logging_setup, security
    from surveyapp.respond import bp as respond_bp

    logging_setup.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(health.bp)
    app.register_blueprint(respond_bp)

    from surveyapp.admin import bp as admin_bp
    from surveyapp.auth import bp as auth_bp
    from surveyapp.insights import bp as insights_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(insights_bp)

    from surveyapp.api import bp as api_bp

    csrf.exempt(api_bp)  # bearer tokens only, no cookies: nothing for a forged request to ride on
    app.register_blueprint(api_bp)

    from surveyapp.cli import heard_group

    app.cli.add_command(heard_group)

    @app.context_processor
    def _service_context() -> dict[str, Any]:
        return {
            "council_name": app.config["COUNCIL_NAME"],
            "service_name": app.config["SERVICE_NAME"],
        }

    return app


def _register_user_loader() -> None:
    from surveyapp.models import User

    @login_manager.user_loader
    def _load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None
