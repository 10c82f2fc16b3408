"""Every request in these tests loads the signed-in user and CSRF token afresh, as in production."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import RequestIsolatingClient


@pytest.fixture(autouse=True)
def _requests_start_afresh(app: Any) -> None:
    app.test_client_class = RequestIsolatingClient
