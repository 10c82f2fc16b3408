"""Logs never carry survey tokens or one-time password tokens."""

from __future__ import annotations

import logging

import pytest

from surveyapp.logging_setup import RedactSurveyLinks


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET /s/AbC-123_xyzAbC-123_xyzAbC-123_xyz HTTP/1.1", "GET /s/… HTTP/1.1"),
        ("GET /reset-password/Zz9_-token HTTP/1.1", "GET /reset-password/… HTTP/1.1"),
        ("GET /insights/staff-pulse HTTP/1.1", "GET /insights/staff-pulse HTTP/1.1"),
    ],
)
def test_tokens_in_request_lines_are_masked(line: str, expected: str) -> None:
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1, '%s - "%s" %s', ("127.0.0.1", line, 200), None
    )
    RedactSurveyLinks().filter(record)
    assert expected in record.getMessage()
    assert line == expected or line.split()[1] not in record.getMessage()
