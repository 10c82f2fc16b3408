"""Invitation lists: a CSV of ``email,unit_key`` rows becomes one single-use link per person.

The file is checked whole first (every problem with its line number) and nothing is made unless it is
clean. Addresses are kept only to send and remind, and are cleared when the wave closes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from surveyapp.models import Invitation, Unit, User, Wave
from surveyapp.services.csv_files import CsvProblem, CsvRejected, decode, read_rows, write_csv
from surveyapp.services.invitations import create_invitations
from surveyapp.services.tokens import hash_token
from surveyapp.services.units import descendant_ids, parent_map

COLUMNS = ("email", "unit_key")
MAX_INVITEES = 5000
EMAIL_PATTERN = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\".]{2,}$")


@dataclass(frozen=True)
class Invitee:
    """A checked row: who to invite, and the unit their answers will count towards."""

    line: int
    email: str
    unit: Unit


def parse_invitees(session: Session, wave: Wave, data: bytes) -> list[Invitee]:
    """The people in an uploaded list, or ``CsvRejected`` with every problem and its line."""
    rows, problems = read_rows(decode(data), required=COLUMNS)
    if len(rows) > MAX_INVITEES:
        raise CsvRejected(
            [CsvProblem(None, f"The file has {len(rows):,} rows; upload at most {MAX_INVITEES:,}")]
        )
    units = {u.key: u for u in session.scalars(select(Unit))}
    audience = descendant_ids(parent_map(session), [u.id for u in wave.survey.audience])
    already = set(
        session.scalars(
            select(func.lower(Invitation.email)).where(
                Invitation.wave_id == wave.id, Invitation.email.is_not(None)
            )
        )
    )
    first_line: dict[str, int] = {}
    invitees = []
    for row in rows:
        found = []
        email = row.get("email")
        lowered = email.lower()
        if not email:
            found.append("the email address is missing")
        elif len(email) > 320 or not EMAIL_PATTERN.match(email):
            found.append(f"{email!r} is not a valid email address")
        elif lowered in first_line:
            found.append(f"{email} is also on line {first_line[lowered]}")
        elif lowered in already:
            found.append(f"{email} has already been invited to this wave")
        key = row.get("unit_key").lower()
        unit = units.get(key)
        if not key:
            found.append("the unit_key is missing")
        elif unit is None:
            found.append(f"there is no unit with the key {key}")
        elif unit.id not in audience:
            found.append(f"the unit {key} is not in this survey's audience")
        elif not unit.active:
            found.append(f"the unit {key} is no longer active")
        if email and lowered not in first_line:
            first_line[lowered] = row.line
        if found:
            problems.extend(CsvProblem(row.line, message) for message in found)
        elif unit is not None:
            invitees.append(Invitee(row.line, email, unit))
    if problems:
        raise CsvRejected(sorted(problems, key=lambda p: (p.line or 0, p.message)))
    return invitees


def create_for(
    session: Session, wave: Wave, invitees: list[Invitee], *, user: User | None = None
) -> list[tuple[Invitation, str]]:
    """One invitation per invitee, in file order; returns each with its raw token (shown only now)."""
    by_unit: dict[int, list[Invitee]] = defaultdict(list)
    for invitee in invitees:
        by_unit[invitee.unit.id].append(invitee)
    token_for_line: dict[int, str] = {}
    for group in by_unit.values():
        tokens = create_invitations(
            session, wave, group[0].unit, len(group), emails=[i.email for i in group], user=user
        )
        token_for_line.update({i.line: token for i, token in zip(group, tokens, strict=True)})
    hashes = {hash_token(t): t for t in token_for_line.values()}
    found = {
        inv.token_hash: inv
        for inv in session.scalars(select(Invitation).where(Invitation.token_hash.in_(list(hashes))))
    }
    return [(found[hash_token(token_for_line[i.line])], token_for_line[i.line]) for i in invitees]


def links_csv(pairs: list[tuple[Invitation, str]], base_url: str) -> str:
    """The links for a mail merge: email, unit key, unit name and link, one person a row."""
    return write_csv(
        ("email", "unit_key", "unit_name", "link"),
        ((inv.email, inv.unit.key, inv.unit.name, f"{base_url}/s/{token}") for inv, token in pairs),
    )
