"""Configuration: thresholds are never unsafe, and the secret key is shared by every worker."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from surveyapp import create_app
from surveyapp.config import ConfigError, load_config, persistent_secret_key


def test_default_database_is_sqlite_under_instance(tmp_path: Path) -> None:
    config = load_config(tmp_path, env={})
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'heard.sqlite3'}"
    assert config["REPORTING_THRESHOLD"] == 5


def test_database_url_and_secret_come_from_the_environment(tmp_path: Path) -> None:
    config = load_config(tmp_path, env={"DATABASE_URL": "postgresql+psycopg://x@y/z", "SECRET_KEY": "s3cret"})
    assert config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://x@y/z"
    assert config["SECRET_KEY"] == "s3cret"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("value", ["2", "0", "-5"])
def test_reporting_threshold_below_three_is_refused(value: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="at least 3"):
        create_app({**load_config(tmp_path, env={"REPORTING_THRESHOLD": value}), "SECRET_KEY": "x"})


def test_reporting_threshold_must_be_a_number(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="REPORTING_THRESHOLD must be a whole number"):
        load_config(tmp_path, env={"REPORTING_THRESHOLD": "five"})


def test_secret_key_is_generated_once_and_reused(tmp_path: Path) -> None:
    first = persistent_secret_key(tmp_path)
    assert len(first) == 64
    assert persistent_secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_workers_starting_together_agree_on_one_secret_key(tmp_path: Path) -> None:
    keys: list[str] = []
    barrier = threading.Barrier(8)

    def start_worker() -> None:
        barrier.wait()
        keys.append(persistent_secret_key(tmp_path))

    threads = [threading.Thread(target=start_worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


PRODUCTION_ENV = {"HEARD_ENV": "production", "SECRET_KEY": "k" * 64, "SESSION_COOKIE_SECURE": "1"}


def test_production_with_its_settings_starts(tmp_path: Path) -> None:
    app = create_app({**load_config(tmp_path, env=PRODUCTION_ENV), "DEBUG": False})
    assert app.config["HEARD_ENV"] == "production" and not app.debug
    assert not (tmp_path / "secret_key").exists()


def test_production_refuses_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="debugging is on"):
        create_app({**load_config(tmp_path, env=PRODUCTION_ENV), "DEBUG": True})
    monkeypatch.setenv("FLASK_DEBUG", "1")  # as `flask run --debug` sets it
    with pytest.raises(ConfigError, match="debugging is on"):
        create_app(load_config(tmp_path, env=PRODUCTION_ENV))


def test_production_refuses_a_missing_or_generated_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app({**load_config(tmp_path, env=env), "DEBUG": False})
    assert not (tmp_path / "secret_key").exists()  # none was made up
    generated = {**load_config(tmp_path, env=env), "SECRET_KEY": persistent_secret_key(tmp_path)}
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app({**generated, "DEBUG": False})


def test_production_refuses_insecure_session_cookies(tmp_path: Path) -> None:
    env = {**PRODUCTION_ENV, "SESSION_COOKIE_SECURE": "0"}
    with pytest.raises(ConfigError, match="SESSION_COOKIE_SECURE is off"):
        create_app({**load_config(tmp_path, env=env), "DEBUG": False})


def test_development_allows_debug_and_a_generated_key(tmp_path: Path) -> None:
    config = load_config(tmp_path, env={})
    assert config["HEARD_ENV"] == "development" and (tmp_path / "secret_key").exists()
    assert create_app({**config, "DEBUG": True}).debug


def test_mfa_roles_come_from_the_environment(tmp_path: Path) -> None:
    assert load_config(tmp_path, env={"SECRET_KEY": "x"})["MFA_REQUIRED_ROLES"] == ("admin", "leader")
    env = {"SECRET_KEY": "x", "MFA_REQUIRED_ROLES": "admin, leader,reference"}
    assert load_config(tmp_path, env=env)["MFA_REQUIRED_ROLES"] == ("admin", "leader", "reference")
