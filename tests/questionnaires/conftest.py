"""Fixtures for questionnaire tests: write YAML into tmp_path and collect its problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from questionnaires import Problem, check_files


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[..., Path]:
    """Factory: write text (or raw bytes) to ``tmp_path/name`` and return the path."""

    def write(content: str | bytes, name: str = "q.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def problems_in(write_yaml: Callable[..., Path]) -> Callable[[str], list[Problem]]:
    """Factory: the problems ``check_files`` finds in a YAML string."""

    def problems(text: str) -> list[Problem]:
        return check_files([write_yaml(text)])

    return problems
