"""Survey definitions as data: questionnaire YAML files, their schema, loader and validator.

Typical use::

    from questionnaires import load_directory
    staff_pulse = load_directory()["staff-pulse"]

Check files from the command line with ``python -m questionnaires check FILE...``.
"""

from .loader import (
    DEFAULT_DIR,
    check_files,
    expand_paths,
    load_directory,
    load_questionnaire,
    load_text,
    load_versions,
)
from .schema import (
    AUDIENCES,
    CADENCES,
    QUESTION_TYPES,
    Option,
    Problem,
    Question,
    Questionnaire,
    QuestionnaireError,
)

__all__ = [
    "AUDIENCES",
    "CADENCES",
    "DEFAULT_DIR",
    "QUESTION_TYPES",
    "Option",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "check_files",
    "expand_paths",
    "load_directory",
    "load_questionnaire",
    "load_text",
    "load_versions",
]
