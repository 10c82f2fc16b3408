"""Authenticator secrets are sealed in the database: unreadable in a copy of it, plain to the app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from surveyapp import create_app, sealing
from surveyapp.extensions import make_engine
from surveyapp.migrate import downgrade, upgrade
from surveyapp.models import User
from surveyapp.services import mfa
from tests.factories import TEST_TOTP_SECRET, enrol_mfa, make_user, totp_code

SECRET = TEST_TOTP_SECRET


def test_a_sealed_value_opens_with_its_key_and_hides_the_value() -> None:
    stored = sealing.seal(SECRET, "key one")
    assert sealing.is_sealed(stored) and SECRET not in stored
    assert sealing.unseal(stored, "key one") == SECRET
    assert sealing.seal(SECRET, "key one") != stored  # a fresh nonce each time: equal secrets look different


def test_another_key_reads_as_unreadable_not_as_an_error() -> None:
    assert sealing.unseal(sealing.seal(SECRET, "key one"), "key two") == sealing.UNREADABLE
    assert sealing.unseal(sealing.PREFIX + "not-a-token", "key one") == sealing.UNREADABLE


def test_a_secret_stored_before_sealing_passes_through() -> None:
    assert sealing.unseal(SECRET, "key one") == SECRET


def test_the_key_comes_from_mfa_secret_key_then_secret_key() -> None:
    assert sealing.key_material({"SECRET_KEY": "a", "MFA_SECRET_KEY": "b"}) == "b"
    assert sealing.key_material({"SECRET_KEY": "a", "MFA_SECRET_KEY": None}) == "a"
    with pytest.raises(sealing.SealingKeyMissing, match="SECRET_KEY"):
        sealing.key_material({"SECRET_KEY": None})


def _stored(session: Any, user: User) -> str:
    return session.execute(
        text("SELECT totp_secret FROM user_account WHERE id = :id"), {"id": user.id}
    ).scalar()


def test_the_database_holds_the_sealed_secret_and_the_app_reads_it_plain(session: Any) -> None:
    user = make_user(session, role="leader")
    enrol_mfa(session, user)
    session.commit()
    stored = _stored(session, user)
    assert stored.startswith(sealing.PREFIX) and SECRET not in stored
    session.expire_all()
    assert session.get(User, user.id).totp_secret == SECRET
    assert mfa.verify(session, session.get(User, user.id), totp_code())


def test_a_changed_key_fails_closed_until_the_old_key_is_given(app: Any, session: Any) -> None:
    user = make_user(session, role="leader")
    enrol_mfa(session, user)
    session.commit()
    app.config["SECRET_KEY"] = "a-new-secret-key"
    session.expire_all()
    reloaded = session.get(User, user.id)
    assert reloaded.totp_secret == sealing.UNREADABLE and mfa.is_enrolled(reloaded)
    assert not mfa.verify(session, reloaded, totp_code())  # no code opens the account

    app.config["MFA_SECRET_KEY"] = "test-secret-key"  # the old key, kept for the secrets
    session.rollback()
    session.expire_all()
    assert mfa.verify(session, session.get(User, user.id), totp_code(steps_ahead=1))


def _migration_seals_and_unseals(url: str) -> None:
    upgrade(url, "0004")
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO user_account"
                " (email, name, role, active, created_at, session_version, totp_secret)"
                " VALUES ('lee@council.test', 'Lee', 'leader', :yes, :now, 0, :secret)"
            ),
            {"yes": True, "now": dt.datetime.now(dt.UTC), "secret": SECRET},
        )
    read = text("SELECT totp_secret FROM user_account")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "migration-key", "TESTING": True})
    try:
        with app.app_context():
            upgrade(url)
            with engine.connect() as connection:
                stored = connection.execute(read).scalar()
            assert stored.startswith(sealing.PREFIX)
            assert sealing.unseal(stored, "migration-key") == SECRET
            downgrade(url, "0004")
            with engine.connect() as connection:
                assert connection.execute(read).scalar() == SECRET
            upgrade(url)
    finally:
        engine.dispose()


def test_the_migration_seals_secrets_already_stored_on_sqlite(tmp_path: Path) -> None:
    _migration_seals_and_unseals(f"sqlite:///{tmp_path / 'seal.sqlite3'}")


@pytest.mark.postgres
def test_the_migration_seals_secrets_already_stored_on_postgresql(postgres_url: str) -> None:
    _migration_seals_and_unseals(postgres_url)


def test_loading_a_user_opens_the_secret_only_when_it_is_read(
    session: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = make_user(session, role="leader")
    enrol_mfa(session, user)
    session.commit()
    session.expire_all()
    opened: list[str] = []
    real_unseal = sealing.unseal

    def counting_unseal(stored: str, key: str) -> str:
        opened.append(stored)
        return real_unseal(stored, key)

    monkeypatch.setattr(sealing, "unseal", counting_unseal)
    loaded = session.get(User, user.id)  # as every signed-in request does
    assert loaded.email and opened == []
    assert loaded.totp_secret == SECRET and len(opened) == 1
