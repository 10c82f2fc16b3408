"""sealed authenticator secrets: widen user_account.totp_secret and seal the secrets already stored

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 10:20:00
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_users = sa.table("user_account", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _config() -> Mapping[str, Any]:
    """The running app's settings, or the same settings the app would load (environment, instance key)."""
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config
    from surveyapp.config import load_config

    return load_config(Path(__file__).resolve().parents[2] / "instance")


def _rewrite(change: Callable[[str, str], str | None]) -> None:
    """Apply ``change(stored, key material)`` to every stored secret (the key is read only if there is one)."""
    from surveyapp import sealing

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_users.c.id, _users.c.totp_secret).where(_users.c.totp_secret.is_not(None))
    ).all()
    if not rows:
        return
    material = sealing.key_material(_config())
    for user_id, stored in rows:
        new = change(stored, material)
        if new != stored:
            bind.execute(sa.update(_users).where(_users.c.id == user_id).values(totp_secret=new))


def _seal(stored: str, material: str) -> str:
    from surveyapp import sealing

    return stored if sealing.is_sealed(stored) else sealing.seal(stored, material)


def _open(stored: str, material: str) -> str | None:
    from surveyapp import sealing

    plain = sealing.unseal(stored, material)
    return None if plain == sealing.UNREADABLE else plain  # that account sets up its app again


def upgrade() -> None:
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=64), type_=sa.String(length=255))
    _rewrite(_seal)


def downgrade() -> None:
    _rewrite(_open)
    with op.batch_alter_table("user_account", schema=None) as batch_op:
        batch_op.alter_column("totp_secret", existing_type=sa.String(length=255), type_=sa.String(length=64))
