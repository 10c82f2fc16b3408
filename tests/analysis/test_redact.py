"""Redaction: each kind of personal data, look-alikes left alone, offsets and the dev-set targets.

Every comment here was written for these tests: the names, numbers and places are invented; phone numbers
come from Ofcom's drama ranges and emails use reserved example domains.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.redact import KINDS, PLACEHOLDERS, Redaction, Redactor, redact

DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "domain" / "redaction_dev.csv"

# (comment, the exact text of each span that must be masked, its kind)
POSITIVES = [
    ("Spoke to Gemma Whitfield about the rota.", [("Gemma Whitfield", "person")]),
    ("Ask Ms Adebayo-Smith in finance, she knows.", [("Ms Adebayo-Smith", "person")]),
    ("Dr Patel from the paediatric team never replied.", [("Dr Patel", "person")]),
    ("Harriet's foster carer has asked for respite.", [("Harriet", "person")]),
    ("Noah and Isla were moved to separate placements.", [("Noah", "person"), ("Isla", "person")]),
    ("Thanks to Will in the duty team for covering.", [("Will", "person")]),
    ("Mark Ellison chairs the panel and is always fair.", [("Mark Ellison", "person")]),
    ("Hope Adeyemi (Y10) is not attending.", [("Hope Adeyemi", "person")]),
    ("My supervisor, Priya, is brilliant.", [("Priya", "person")]),
    ("baby Zuri was discharged without a plan.", [("Zuri", "person")]),
    ("thanks sarah for covering duty", [("sarah", "person")]),
    ("Mr and Mrs Kowalczyk want an update.", [("Mr and Mrs Kowalczyk", "person")]),
    ("Mrs J. Hartley rang again about contact.", [("Mrs J. Hartley", "person")]),
    ("Liam O'Connor-Reid has had three social workers.", [("Liam O'Connor-Reid", "person")]),
    ("Emily in Year 4 is on a reduced timetable.", [("Emily", "person")]),
    ("Our new PM Olu Bankole has turned the team around.", [("Olu Bankole", "person")]),
    ("I really value May's support.", [("May", "person")]),
    ("Bill from IT fixed my laptop in ten minutes.", [("Bill", "person")]),
    ("Grace and her brother are in separate placements.", [("Grace", "person")]),
    ("Will has been brilliant since joining the pod.", [("Will", "person")]),
    ("Rose said she would call back.", [("Rose", "person")]),
    ("Dean and Robin in the fostering team are brilliant.", [("Dean", "person"), ("Robin", "person")]),
    ("Zofia Kaczmarek's mum says nobody visited.", [("Zofia Kaczmarek", "person")]),
    (
        "Wojciech and Aleksandra Nowicka need an interpreter.",
        [("Wojciech", "person"), ("Aleksandra Nowicka", "person")],
    ),
    ("Nobody told Ruby about the move.", [("Ruby", "person")]),
    ("Contact me on j.smith@example.com please.", [("j.smith@example.com", "email")]),
    ("Duty inbox: duty.team@council.example.org.", [("duty.team@council.example.org", "email")]),
    ("Ring 020 7946 0123 for the hub.", [("020 7946 0123", "phone")]),
    ("Call +44 (0)20 7946 0018 and ask for the duty senior.", [("+44 (0)20 7946 0018", "phone")]),
    ("Her mobile is 07700-900-123.", [("07700-900-123", "phone")]),
    ("Office: 0161-496-0000.", [("0161-496-0000", "phone")]),
    ("Reception (0113) 496 0999 never answers.", [("(0113) 496 0999", "phone")]),
    ("Postcode SW1A 1AA is wrong.", [("SW1A 1AA", "postcode")]),
    ("They moved to m1 1ae last month.", [("m1 1ae", "postcode")]),
    ("New postcode B338TH for the twins.", [("B338TH", "postcode")]),
    ("NI QQ 12 34 56 C is on the wrong file.", [("QQ 12 34 56 C", "ni_number")]),
    ("My NI number is ab123456c and payroll have it wrong.", [("ab123456c", "ni_number")]),
    ("LADO ref 20231187 has not been closed.", [("20231187", "case_ref")]),
    ("Mosaic ID: 5532190 shows the wrong address.", [("5532190", "case_ref")]),
    ("referral no. 88120 was lost.", [("88120", "case_ref")]),
    ("CP/2022/0019 is overdue for review.", [("CP/2022/0019", "case_ref")]),
    ("Family court ZW22C50411 listed for March.", [("ZW22C50411", "case_ref")]),
    ("NHS number 943 476 5919 is on the wrong record.", [("943 476 5919", "case_ref")]),
    ("Family live at Flat 2, 14 Elm Grove and need a visit.", [("Flat 2, 14 Elm Grove", "address")]),
    ("They moved to 7a Church Street last week.", [("7a Church Street", "address")]),
    ("Carers at 5 The Willows, Hoo need a bed.", [("5 The Willows", "address")]),
    ("d.o.b. 03/03/2015, no health assessment yet.", [("03/03/2015", "date_of_birth")]),
    (
        "Freya Long, born on 4th of July 2016, is missing education.",
        [("Freya Long", "person"), ("4th of July 2016", "date_of_birth")],
    ),
    ("DOB: March 2014 for the younger child.", [("March 2014", "date_of_birth")]),
    ("date of birth 2013-07-09 is wrong on the system.", [("2013-07-09", "date_of_birth")]),
    ("Tamsin (2/11/2017) needs a dental check.", [("Tamsin", "person"), ("2/11/2017", "date_of_birth")]),
    ("She attends St Anne's C of E Primary and is doing well.", [("St Anne's C of E Primary", "school")]),
    (
        "Jayden at Meadowbank Infant School needs an EHCP.",
        [("Jayden", "person"), ("Meadowbank Infant School", "school")],
    ),
    ("The DSL at Riverside High School rang about a pupil.", [("Riverside High School", "school")]),
    ("Kacie-Leigh Barton has not had a review since March.", [("Kacie-Leigh Barton", "person")]),
    (
        "Please thank Bronwen and Gethin in the placements team.",
        [("Bronwen", "person"), ("Gethin", "person")],
    ),
    (
        "Frankie (DOB 14.02.2016) is still waiting for a dentist.",
        [("Frankie", "person"), ("14.02.2016", "date_of_birth")],
    ),
    (
        "Summer Okoye was excluded from Hartsdown Academy on Tuesday.",
        [("Summer Okoye", "person"), ("Hartsdown Academy", "school")],
    ),
    (
        "They now live at 41B Quarry Road, Sittingbourne ME10 3EW.",
        [("41B Quarry Road", "address"), ("ME10 3EW", "postcode")],
    ),
    ("Mosaic 7712045 and 7712046 are the same child.", [("7712045", "case_ref"), ("7712046", "case_ref")]),
    (
        "Mr Hussain from St Michael's Catholic Primary wants a call.",
        [("Mr Hussain", "person"), ("St Michael's Catholic Primary", "school")],
    ),
    (
        "Call the school on (01632) 960 555 and ask for Mrs Dunn.",
        [("(01632) 960 555", "phone"), ("Mrs Dunn", "person")],
    ),
    ("Anita Sharma-Patel (the DSL) rang twice.", [("Anita Sharma-Patel", "person")]),
    ("Complaint ref: CMP/2023/0912 has been upheld.", [("CMP/2023/0912", "case_ref")]),
]

LOOKALIKES = [
    "Atlas crashed twice today and I lost a whole assessment.",
    "Since the move from Carefile to Atlas, recording takes twice as long.",
    "LiquidLogic and Eclipse do not talk to each other.",
    "Will the new system be ready by June?",
    "Mark my words, caseloads will go up again.",
    "Hope is in short supply in this team.",
    "Grace periods for late reports would help.",
    "May I suggest fewer meetings?",
    "We were promised a frank discussion in March.",
    "The Rose Garden meeting room is always booked.",
    "Faith leaders should be invited to the forum.",
    "Every Tom, Dick and Harry wants a say in the practice model.",
    "Caseloads of 30 cases are normal here.",
    "Our office in ME14 is freezing.",
    "Child B's plan hasn't been reviewed.",
    "The Early Help hub in Maidstone is great.",
    "Signs of Safety training was excellent.",
    "Moving to Mosaic has been painful.",
    "Framework crashed twice on Monday.",
    "We had 12 referrals on 3 March.",
    "Case numbers have doubled since 2021.",
    "We need 10 more social workers by September 2025.",
    "Phone the duty desk on ext 4455.",
    "The 2023 Ofsted report said we were inadequate.",
    "Amber rated referrals pile up.",
    "It's a Mickey Mouse training offer.",
    "The Ashford and Canterbury teams share a manager.",
    "Our Director of Children's Services visited in May.",
    "Kent County Council needs to listen.",
    "Surface Pro devices keep crashing.",
    "Section 20 placements are rising.",
    "S47 enquiries are up 20% this quarter.",
    "Version 3.1 of the policy is confusing.",
    "The £250,000 overspend was blamed on agency staff.",
    "Duty rota for w/c 12/06 is missing.",
    "Bill payments for families in crisis are slow.",
    "Chase up the health assessments please.",
    "Dawn starts are hard with childcare.",
    "Patience wears thin when Framework crashes.",
    "Penny pinching on mileage is demoralising.",
    "Frank feedback from the Principal Social Worker would help.",
    "The Victoria Street hub has no lift.",
    "Young people deserve better than this.",
    "Major changes to the front door are coming.",
    "Summer holidays are always short staffed.",
    "CAMHS waiting lists are over a year.",
    "Our team manager and the Head of Service are both interim.",
    "Agency SWs left after two weeks.",
    "Comms from HR were confusing.",
    "As a Head, I've sent 12 referrals this term.",
    "The 0800 number for the EAP is hard to find.",
    "Will we get the pay award backdated to April?",
    "Brooke House residential unit needs more staff.",
    "The Hope Centre is closing and families will lose a lifeline.",
    "Rochester Avenue office needs a new boiler.",
    "Team Around the Family meetings are working well.",
    "Max caseload should be 18.",
    "Dover and Deal teams should merge.",
    "Ivy Lane family hub is brilliant.",
    "Jack of all trades, master of none - that's the generic SW role.",
]


def _spans_text(text: str, red: Redaction) -> list[tuple[str, str]]:
    return [(text[a:b], kind) for a, b, kind in red.spans]


@pytest.mark.parametrize(("text", "expected"), POSITIVES, ids=[p[0][:40] for p in POSITIVES])
def test_masks_each_kind(text: str, expected: list[tuple[str, str]]) -> None:
    red = redact(text)
    for value, kind in expected:
        assert value not in red.text, f"{value!r} left in {red.text!r}"
        assert (value, kind) in _spans_text(text, red), _spans_text(text, red)
        assert PLACEHOLDERS[kind] in red.text


def test_every_kind_is_covered_by_a_case() -> None:
    assert {kind for _, spans in POSITIVES for _, kind in spans} == set(KINDS)


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_are_left_exactly_as_they_are(text: str) -> None:
    red = redact(text)
    assert red.text == text, _spans_text(text, red)
    assert red.spans == ()


@pytest.mark.xfail(
    reason="known limitation: an abstract-noun name opening a sentence needs more evidence", strict=True
)
def test_abstract_noun_name_at_sentence_start() -> None:
    assert "Harmony" not in redact("Harmony has moved placement three times this year.").text


def test_spans_are_sorted_non_overlapping_offsets_into_the_original() -> None:
    text = (
        "Kayleigh Moss (dob 01/02/2013) lives at 12 Acacia Avenue, ME7 1XX; mum is on 07700 900111 "
        "or k.moss@example.net, case 4456120, NI AB 12 34 56 C, school Brookfield Academy."
    )
    red = redact(text)
    kinds = [k for _, _, k in red.spans]
    assert set(kinds) == set(KINDS)
    previous_end = 0
    rebuilt = []
    for start, end, kind in red.spans:
        assert previous_end <= start < end <= len(text)
        rebuilt.append(text[previous_end:start])
        rebuilt.append(PLACEHOLDERS[kind])
        previous_end = end
    rebuilt.append(text[previous_end:])
    assert "".join(rebuilt) == red.text


def test_possessive_is_kept_outside_the_span() -> None:
    red = redact("Aoife's placement broke down.")
    assert red.text == "[name]'s placement broke down."
    assert red.spans == ((0, 5, "person"),)


def test_redaction_is_frozen_and_redact_many_keeps_order() -> None:
    red = redact("Ring 020 7946 0123")
    with pytest.raises(dataclasses.FrozenInstanceError):
        red.text = "x"  # type: ignore[misc]
    texts = ["Ring 020 7946 0123", "Nothing personal here.", ""]
    many = Redactor().redact_many(texts)
    assert [r.text for r in many] == ["Ring [phone]", "Nothing personal here.", ""]


def test_empty_and_placeholder_text_are_stable() -> None:
    assert redact("") == Redaction("", ())
    once = redact("Ask Mrs Okoro on 07700 900555.").text
    assert redact(once).text == once


def test_parameters_extra_names_keep_terms_and_kinds() -> None:
    r = Redactor(extra_names=["Bluebell"], keep_terms=["Hope House"])
    assert list(r.extra_names) == ["Bluebell"]  # parameters are stored unchanged
    assert r.redact("Bluebell is our PA, ask at Hope House.").text == "[name] is our PA, ask at Hope House."
    only_phones = Redactor(kinds=["phone"])
    assert only_phones.redact("Mrs Okoro 07700 900555").text == "Mrs Okoro [phone]"
    with pytest.raises(ValueError):
        Redactor(kinds=["shoe_size"]).redact("x")
    assert Redactor().fit(["anything"]) is not None


@pytest.mark.skipif(not DEV.exists(), reason=f"shared evaluation data not found at {DEV}")
def test_dev_set_targets() -> None:
    with DEV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    results = Redactor().redact_many([r["text"] for r in rows])
    total = masked = clean = altered = 0
    for row, red in zip(rows, results, strict=False):
        gold = json.loads(row["spans"])
        if not gold:
            clean += 1
            altered += red.text != row["text"]
        for a, b, _ in gold:
            total += 1
            masked += row["text"][a:b] not in red.text
    assert masked / total >= 0.97
    assert altered / clean <= 0.05


_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,'’-()/@+:\n£éł"
_FRAGMENTS = [
    "Mrs ",
    "Will ",
    "07700 900123",
    "ME4 6QR",
    "case 4471902",
    "@example.com",
    "born 3/3/2015 ",
    "Oakfield Academy ",
    "12 Mill Lane",
    "AB 12 34 56 C",
    "Hope's ",
    "and ",
    ", ",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.text(alphabet=_ALPHABET, max_size=12), st.sampled_from(_FRAGMENTS)), max_size=12)
)
def test_any_text_gives_consistent_spans(parts: list[str]) -> None:
    text = "".join(parts)
    red = redact(text)
    pos, rebuilt = 0, []
    for start, end, kind in red.spans:
        assert pos <= start < end <= len(text) and kind in KINDS
        rebuilt += [text[pos:start], PLACEHOLDERS[kind]]
        pos = end
    assert "".join([*rebuilt, text[pos:]]) == red.text
