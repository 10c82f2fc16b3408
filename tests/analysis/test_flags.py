"""Sensitive-comment flags: each kind, the reason given, and workload complaints left unflagged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.flags import FLAG_KINDS, Flag, SensitiveCommentFlagger

LABELLED = Path(__file__).resolve().parent / "data" / "flags_labelled.csv"
DOMAIN_LABELS = Path(__file__).resolve().parent / "data" / "flags_domain_labels.csv"
DOMAIN = Path(__file__).resolve().parents[3] / "shared" / "data" / "domain"

FLAGGED = [
    ("child_risk", "This child is not safe at home and nobody has visited.", "not safe"),
    ("child_risk", "Riley in Year 8 is being groomed by older boys.", "groomed"),
    ("child_risk", "The baby had bruises on her arms at the health visit.", "bruises"),
    ("child_risk", "A 12 year old on my list keeps going missing at weekends.", "going missing"),
    ("allegation", "My team manager told me to backdate the visit records before the audit.", "backdate"),
    ("allegation", "A colleague comes to work drunk and still does home visits.", "drunk"),
    (
        "allegation",
        "Our PM has an inappropriate relationship with a care leaver.",
        "relationship with a care leaver",
    ),
    ("harassment", "I am being bullied by my manager and HR do nothing.", "bullied"),
    ("harassment", "My PM shouts at me in front of the whole team.", "shouts at me"),
    ("harassment", "A dad threatened me on a home visit and followed me to my car.", "threatened me"),
    ("writer_risk", "I can't go on like this.", "can't go on"),
    ("writer_risk", "I am at breaking point and don't know who to talk to.", "breaking point"),
    ("writer_risk", "Some nights I feel suicidal after a day in court.", "suicidal"),
    ("writer_risk", "I've been having panic attacks before every visit.", "panic attacks"),
]

NOT_FLAGGED = [
    "Caseloads are killing me but I love the job.",
    "CP cases take up all my time.",
    "I'm drowning in paperwork since the move to Mosaic.",
    "The exploitation team are brilliant.",
    "Self-harm training for foster carers was really useful.",
    "Missing data from the migration is a real problem.",
    "The anti-bullying week resources were good.",
    "The harassment policy should be easier to find.",
    "Families are at breaking point because of the cost of living.",
    "People are exhausted and they can't keep going like this.",
    "We had 40 DV notifications from police this week.",
    "My manager is brilliant and always makes time for me.",
    "The report was changed after legal advice, which is normal.",
    "I'd die for a parking space at the office.",
    "Supervision is cancelled every month, which is not acceptable.",
    "",
]


# Indirect phrasings, lower case and abbreviations, and a child named in one sentence, the harm in the next.
INDIRECT = [
    (
        "child_risk",
        "the lad i work with turned up at school with a split lip, said his stepdad lost it with him again",
        "split lip",
    ),
    (
        "child_risk",
        "Kai is in year 6. Mum's partner punched a hole in the bedroom door on Saturday.",
        "punched a hole",
    ),
    (
        "child_risk",
        "Our 14 yo keeps getting lifts from men in their twenties and coming back with cash.",
        "lifts from men",
    ),
    (
        "allegation",
        "My TM changed the visit dates on the system the week before the audit.",
        "changed the visit dates",
    ),
    (
        "allegation",
        "We were told not to mention the unallocated cases to the inspectors.",
        "told not to mention",
    ),
    (
        "allegation",
        "a member of staff at the unit has been messaging one of the girls on instagram from his own account",
        "his own account",
    ),
    (
        "harassment",
        "since I raised a grievance my SM blanks me and talks about me to the rest of the team",
        "talks about me",
    ),
    (
        "harassment",
        "A dad keeps waiting for me in the car park and has found out where I live.",
        "waiting for me",
    ),
    (
        "writer_risk",
        "I honestly don't know how much longer I can keep going, most nights I drink to switch off.",
        "how much longer i can keep",
    ),
    ("writer_risk", "Some days I think everyone would be better off if I wasn't around.", "better off"),
]

# Look-alikes: praise for safeguarding teams, topic uses of harm words, workload figures of speech, the
# writer's own tiredness, and ordinary complaints about managers that allege no misconduct.
LOOK_ALIKES = [
    "The exploitation team did a brilliant job with the return home interviews.",
    "Paperwork is killing me and I'm drowning in emails.",
    "I'm knackered after duty week but the team kept me going.",
    "We need more training on spotting bruising in non-mobile babies.",
    "The new bullying and harassment policy is clearer.",
    "I went to a really good session on suicide prevention.",
    "The kitchen in the office is filthy and nobody cleans the fridge.",
    "I was ignored when I raised caseload concerns with senior leaders.",
    "Our team manager changed the rota without telling anyone, which was annoying.",
    "I'm done with hot desking.",
    "My manager calls me a star in front of the whole team.",
    "I haven't eaten lunch all week because of duty, the children on my list keep me busy.",
    "The night staff rota at the children's home is unsafe.",
    "Kitchen has been broken for a month, no hot water, no fridge.",
]


@pytest.mark.parametrize(("kind", "text", "phrase"), INDIRECT, ids=[f"{k}:{t[:30]}" for k, t, _ in INDIRECT])
def test_flags_indirect_phrasings(kind: str, text: str, phrase: str) -> None:
    flags = SensitiveCommentFlagger().flag(text)
    assert [f.kind for f in flags] == [kind]
    assert phrase in flags[0].reason.lower()


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_not_flagged(text: str) -> None:
    assert SensitiveCommentFlagger().flag(text) == []


def test_child_named_in_an_earlier_sentence_anchors_the_harm() -> None:
    flagger = SensitiveCommentFlagger()
    harm = "Mum's partner punched a hole in the door on Saturday."
    assert flagger.flag(harm) == []  # nobody in particular is at risk in this sentence alone
    assert [f.kind for f in flagger.flag("Kai is in year 6. " + harm)] == ["child_risk"]
    # The writer's own state is not a child's, even when children are mentioned.
    assert flagger.flag("The children on my list are lovely. I haven't eaten all day.") == []


def test_harm_to_a_child_by_staff_is_an_allegation() -> None:
    text = "A support worker hits the kids in the unit when the manager isn't there."
    assert [f.kind for f in SensitiveCommentFlagger().flag(text)] == ["allegation"]
    # Without the allegation kind, the same harm is still held back as a risk to the child.
    assert [f.kind for f in SensitiveCommentFlagger(kinds=["child_risk"]).flag(text)] == ["child_risk"]


@pytest.mark.parametrize(("kind", "text", "phrase"), FLAGGED, ids=[f"{k}:{t[:30]}" for k, t, _ in FLAGGED])
def test_flags_each_kind_with_a_reason(kind: str, text: str, phrase: str) -> None:
    flags = SensitiveCommentFlagger().flag(text)
    assert [f.kind for f in flags] == [kind]
    assert isinstance(flags[0], Flag)
    assert phrase.lower() in flags[0].reason.lower()
    assert flags[0].reason.startswith(("mentions", "may contain", "suggests"))


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_workload_complaints_and_topic_words_are_not_flagged(text: str) -> None:
    assert SensitiveCommentFlagger().flag(text) == []


def test_kinds_parameter_and_flag_many() -> None:
    text = "I am being bullied and I can't go on."
    assert [f.kind for f in SensitiveCommentFlagger().flag(text)] == ["harassment", "writer_risk"]
    only = SensitiveCommentFlagger(kinds=["writer_risk"])
    assert [[f.kind for f in fl] for fl in only.flag_many([text, "Fine."])] == [["writer_risk"], []]
    with pytest.raises(ValueError):
        SensitiveCommentFlagger(kinds=["gossip"]).flag("x")
    assert set(FLAG_KINDS) == {"child_risk", "allegation", "harassment", "writer_risk"}


def _score(items: list[tuple[str, set[str]]]) -> dict[str, tuple[int, int, int]]:
    flagger = SensitiveCommentFlagger()
    out = {}
    for kind in FLAG_KINDS:
        tp = fp = fn = 0
        for text, gold in items:
            pred = {f.kind for f in flagger.flag(text)}
            tp += kind in gold and kind in pred
            fp += kind not in gold and kind in pred
            fn += kind in gold and kind not in pred
        out[kind] = (tp, fp, fn)
    return out


def test_labelled_development_splits_stay_accurate() -> None:
    # Regression guard on the comments the rules were written against (dev..dev5, and "test", which was
    # used for error analysis once the rules were broadened); the held-out split "test2" is reported by
    # `python -m analysis evaluate`, not asserted here, so that it is never tuned against.
    with LABELLED.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["split"] != "test2"]
    items = [(r["text"], set(filter(None, r["kinds"].split(";")))) for r in rows]
    for kind, (tp, fp, fn) in _score(items).items():
        assert tp / (tp + fp) >= 0.9, kind
        assert tp / (tp + fn) >= 0.9, kind


@pytest.mark.skipif(not DOMAIN.exists(), reason=f"shared evaluation data not found at {DOMAIN}")
def test_domain_comments_are_rarely_flagged() -> None:
    with DOMAIN_LABELS.open(encoding="utf-8") as fh:
        labels = {(r["file"], r["id"]): set(filter(None, r["kinds"].split(";"))) for r in csv.DictReader(fh)}
    items = []
    for name in ("staff_comments_dev.csv", "redaction_dev.csv"):
        with (DOMAIN / name).open(encoding="utf-8") as fh:
            items += [(r["text"], labels.get((name, r["id"]), set())) for r in csv.DictReader(fh)]
    for kind, (_tp, fp, _fn) in _score(items).items():
        assert fp <= 1, kind
