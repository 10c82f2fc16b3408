"""Fixtures for the admin pages: a signed-in administrator and a real SMTP server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import RequestIsolatingClient, make_user, sign_in_as
from tests.surveyapp.admin.mailbox import Mailbox, mailbox, point_app_at

__all__ = ["mailbox"]


@pytest.fixture(autouse=True)
def _requests_start_afresh(app: Any) -> None:
    """Every test client's requests start with empty ``flask.g`` (see ``RequestIsolatingClient``)."""
    app.test_client_class = RequestIsolatingClient


@pytest.fixture
def admin(session: Any) -> Any:
    user = make_user(session, role="admin", name="Ada Admin", email="ada@council.test")
    session.commit()
    return user


@pytest.fixture
def admin_client(client: Any, admin: Any) -> Any:
    """A test client signed in as an administrator."""
    return sign_in_as(client, admin)


@pytest.fixture
def mail(app: Any, mailbox: Mailbox) -> Mailbox:
    """The SMTP server, with the app configured to send through it."""
    point_app_at(app, mailbox)
    return mailbox
