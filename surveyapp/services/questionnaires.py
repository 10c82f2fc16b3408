"""Keeping database snapshots of the questionnaire files in step with the files."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from questionnaires.loader import load_directory
from questionnaires.schema import Option, Question, Questionnaire
from surveyapp.models import QuestionnaireVersion


def to_definition(questionnaire: Questionnaire) -> dict[str, Any]:
    """A JSON-ready dict of ``questionnaire``, stored with each version."""
    return dataclasses.asdict(questionnaire)


def from_definition(definition: dict[str, Any]) -> Questionnaire:
    """Rebuild a ``Questionnaire`` from a stored snapshot."""
    questions = []
    for raw in definition["questions"]:
        fields = dict(raw)
        fields["options"] = tuple(Option(**option) for option in raw["options"])
        questions.append(Question(**fields))
    return Questionnaire(**{**definition, "questions": tuple(questions)})


def sync_questionnaires(session: Session) -> list[QuestionnaireVersion]:
    """Store a snapshot of every shipped questionnaire version not yet in the database.

    Wording changes come with a new version number in the file; a stored version is never rewritten,
    so past waves keep the questions they were asked with.
    """
    added = []
    for questionnaire in load_directory().values():
        exists = session.scalar(
            select(QuestionnaireVersion.id).where(
                QuestionnaireVersion.key == questionnaire.key,
                QuestionnaireVersion.version == questionnaire.version,
            )
        )
        if exists is None:
            snapshot = QuestionnaireVersion(
                key=questionnaire.key,
                version=questionnaire.version,
                title=questionnaire.title,
                audience=questionnaire.audience,
                definition=to_definition(questionnaire),
            )
            session.add(snapshot)
            added.append(snapshot)
    session.flush()
    return added


def latest_version(session: Session, key: str) -> QuestionnaireVersion | None:
    """The highest stored version of questionnaire ``key``."""
    return session.scalar(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.key == key)
        .order_by(QuestionnaireVersion.version.desc())
        .limit(1)
    )
