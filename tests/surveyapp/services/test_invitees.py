"""Invitation lists: email,unit_key files become single-use links, or are rejected whole with line numbers."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from surveyapp.models import Invitation
from surveyapp.services.csv_files import CsvRejected
from surveyapp.services.invitees import create_for, links_csv, parse_invitees
from surveyapp.services.tokens import hash_token
from tests.factories import make_survey, make_unit, make_wave


@pytest.fixture
def wave(session: Any) -> Any:
    area = make_unit(session, key="front-door", kind="service_area")
    make_unit(session, key="mash", parent=area)
    make_unit(session, key="duty", parent=area)
    make_unit(session, key="fostering")  # not in the audience
    survey = make_survey(session, audience=[area])
    return make_wave(session, survey)


def _problems(session: Any, wave: Any, text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(CsvRejected) as caught:
        parse_invitees(session, wave, data)
    return [str(p) for p in caught.value.problems]


def test_each_row_becomes_a_link_for_its_unit(session: Any, wave: Any) -> None:
    invitees = parse_invitees(
        session, wave, b"Email,Unit_Key\nana@council.test,mash\nben@council.test,DUTY\n"
    )
    pairs = create_for(session, wave, invitees)
    assert [(inv.email, inv.unit.key) for inv, _token in pairs] == [
        ("ana@council.test", "mash"),
        ("ben@council.test", "duty"),
    ]
    for invitation, token in pairs:
        assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    csv = links_csv(pairs, "http://heard.test").splitlines()
    assert csv[0] == "email,unit_key,unit_name,link"
    assert csv[1].startswith("ana@council.test,mash,") and csv[1].endswith(
        f"http://heard.test/s/{pairs[0][1]}"
    )


def test_every_problem_is_listed_with_its_line_and_nothing_is_made(session: Any, wave: Any) -> None:
    text = (
        "email,unit_key\n"
        "ana@council.test,mash\n"  # 2 fine
        "not-an-address,mash\n"  # 3
        "ANA@council.test,duty\n"  # 4 duplicate of line 2
        "cat@council.test,nowhere\n"  # 5 unknown unit
        "dan@council.test,fostering\n"  # 6 outside the audience
        ",mash\n"  # 7 missing email
        "eve@council.test,\n"  # 8 missing unit
    )
    assert _problems(session, wave, text) == [
        "Line 3: 'not-an-address' is not a valid email address",
        "Line 4: ANA@council.test is also on line 2",
        "Line 5: there is no unit with the key nowhere",
        "Line 6: the unit fostering is not in this survey's audience",
        "Line 7: the email address is missing",
        "Line 8: the unit_key is missing",
    ]
    assert session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_people_already_invited_to_the_wave_are_refused(session: Any, wave: Any) -> None:
    create_for(session, wave, parse_invitees(session, wave, b"email,unit_key\nana@council.test,mash\n"))
    assert _problems(session, wave, b"email,unit_key\nAna@Council.test,mash\n") == [
        "Line 2: Ana@Council.test has already been invited to this wave"
    ]


def test_wrong_encoding_and_missing_columns_are_refused(session: Any, wave: Any) -> None:
    [encoding] = _problems(session, wave, "email,unit_key\nrené@council.test,mash\n".encode("latin-1"))
    assert encoding.startswith("Line 2: the file is not UTF-8 text")
    [columns] = _problems(session, wave, b"email\nana@council.test\n")
    assert columns.startswith("Line 1: the header is missing the column unit_key")


def test_mail_merge_cells_cannot_run_as_formulas(session: Any, wave: Any) -> None:
    pairs = create_for(
        session, wave, parse_invitees(session, wave, b"email,unit_key\n=cmd@council.test,mash\n")
    )
    assert "'=cmd@council.test" in links_csv(pairs, "http://heard.test")
