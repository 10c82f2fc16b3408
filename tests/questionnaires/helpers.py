"""Helpers for questionnaire tests: small YAML documents and line markers.

A test marks the line where it expects a problem with ``# <-``, so the expected line number is read off
the YAML itself rather than counted by hand.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK = "# <-"

HEADER = """\
key: demo
version: 1
title: Demo survey
audience: staff
intro: Tell us how things are.
"""

ONE_QUESTION = """\
  - key: caseload
    type: likert5
    text: My caseload is manageable.
"""


def doc(questions: str = ONE_QUESTION, header: str = HEADER) -> str:
    """A questionnaire document: ``header`` fields, then ``questions:`` followed by ``questions``."""
    return textwrap.dedent(header) + "questions:\n" + textwrap.dedent(questions)


def marked_line(text: str) -> int:
    """The 1-based number of the one line in ``text`` carrying the ``# <-`` marker."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if MARK in line]
    assert len(lines) == 1, f"expected exactly one {MARK!r} marker, found {len(lines)}"
    return lines[0]
