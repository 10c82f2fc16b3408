"""Behaviour of the demo comment generator: determinism, variety, drift, personal data, settings."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from surveyapp.demo import comments as c

AREAS = (
    "Front door and MASH",
    "Assessment",
    "Area team North",
    "Children in care",
    "Leaving care",
    "Fostering and adoption",
    "Early help hubs",
    "Quality assurance",
)
N_WAVES = 6

CASELOAD = re.compile(r"\bcase ?loads?\b|\bcases\b|\bworkload\b|\bunallocated\b", re.IGNORECASE)
NEGATIVE = re.compile(
    r"too high|too many|too much|far too|unmanageable|drowning|not sustainable|ridiculous|gone up|"
    r"getting worse|lost count|worries me|no time|crushing|squeezed|relentless|still too|!!",
    re.IGNORECASE,
)
NEW_SYSTEM = re.compile(rf"\b{c.NEW_SYSTEM}\b")
LEADERS_ABSENT = re.compile(
    r"never seen|never once seen|invisible|never come|don't know who|no idea who|recognise me|"
    r"only appear|since Ofsted",
    re.IGNORECASE,
)
NAMES = re.compile(r"\b(?:" + "|".join(map(re.escape, c.FIRST_NAMES + c.SURNAMES + c.CHILD_NAMES)) + r")\b")
DRAMA_PHONE = re.compile(r"020 7946 0\d{3}|\(?01\d{2}\)? 496 0\d{3}|07700 ?900\d{3}|\+44 7700 900\d{3}")
EXAMPLE_EMAIL = re.compile(r"[\w.]+@example\.(?:com|org)\b")
CASE_REF = re.compile(r"\b(?:CP|LAC)-\d{4}-\d{4}\b|\bCIN/\d{2}/\d{4}\b|\bref \d{7}\b")


def staff_batch(
    seed: int, n: int, *, wave: int | None = None, question: str | None = None
) -> list[str | None]:
    """``n`` answers cycling through questions, areas and (unless fixed) waves."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            c.staff_comment(
                rng,
                question_key=question or c.STAFF_QUESTIONS[i % 2],
                wave=wave or 1 + i % N_WAVES,
                n_waves=N_WAVES,
                service_area=AREAS[i % len(AREAS)],
            )
        )
    return out


def non_blank(items: list[str | None]) -> list[str]:
    return [t for t in items if t is not None]


def share(texts: list[str], test) -> float:
    return sum(1 for t in texts if test(t)) / len(texts)


def test_themes_are_unique_keys() -> None:
    assert len(c.THEMES) == len(set(c.THEMES)) == 12
    assert all(re.fullmatch(r"[a-z_]+", t) for t in c.THEMES)


def test_same_seed_same_sequence_and_different_seeds_differ() -> None:
    assert staff_batch(11, 300) == staff_batch(11, 300)
    assert staff_batch(11, 300) != staff_batch(12, 300)
    partner = [c.partner_comment(random.Random(4), wave=1, n_waves=2, setting=s) for s in c.PARTNER_SETTINGS]
    again = [c.partner_comment(random.Random(4), wave=1, n_waves=2, setting=s) for s in c.PARTNER_SETTINGS]
    assert partner == again


def test_global_random_state_is_untouched() -> None:
    state = random.getstate()
    staff_batch(3, 200)
    c.partner_comment(random.Random(3), wave=2, n_waves=2, setting="police")
    assert random.getstate() == state


def test_variety_of_staff_comments() -> None:
    texts = non_blank(staff_batch(21, 2400))[:1000]
    assert len(texts) == 1000
    counts = Counter(texts)
    assert len(counts) >= 700
    assert counts.most_common(1)[0][1] <= 20
    words = [len(t.split()) for t in texts]
    assert min(words) <= 2 and max(words) >= 45
    assert max(words) <= 80


def test_blank_rate_and_no_content_answers() -> None:
    for question in c.STAFF_QUESTIONS:
        items = staff_batch(5, 3000, question=question)
        blank = items.count(None) / len(items)
        assert 0.33 <= blank <= 0.57, (question, blank)
    texts = non_blank(staff_batch(6, 4000))
    no_content = share(texts, lambda t: t in {"n/a", "N/A", "-", "no", "No", "Not sure", "Nothing to add"})
    assert 0.01 <= no_content <= 0.08


def test_roughened_text_appears() -> None:
    texts = non_blank(staff_batch(8, 6000))
    assert any("  " in t for t in texts)  # double spaces
    assert any(re.search(r"\b(?:dont|cant|isnt|Ive|its not)\b", t) for t in texts)  # dropped apostrophes
    assert any(re.search(r"\b(?:definately|recieve|collegues|realy|becuase|supervison)\b", t) for t in texts)
    assert any(t[:1].islower() for t in texts)


def wave_texts(seed: int, wave: int, n: int = 4000) -> list[str]:
    return non_blank(staff_batch(seed, n, wave=wave))


def test_caseload_complaints_fall_over_time() -> None:
    first, last = wave_texts(31, 1), wave_texts(31, N_WAVES)
    neg_first = share(first, lambda t: bool(CASELOAD.search(t) and NEGATIVE.search(t)))
    neg_last = share(last, lambda t: bool(CASELOAD.search(t) and NEGATIVE.search(t)))
    assert neg_first >= 0.02
    assert neg_last <= neg_first / 2
    # and the late waves bring the good news
    assert share(last, lambda t: "finally down" in t or "manageable" in t) > share(
        first, lambda t: "finally down" in t or "manageable" in t
    )


def test_new_recording_system_complaints_jump_at_go_live() -> None:
    before = [share(wave_texts(41, w), NEW_SYSTEM.search) for w in range(1, N_WAVES - 1)]
    after = [share(wave_texts(41, w), NEW_SYSTEM.search) for w in (N_WAVES - 1, N_WAVES)]
    assert max(before) <= 0.01
    assert min(after) >= 0.08
    assert min(after) >= 5 * max(max(before), 0.005)


def test_leadership_visibility_complaints_fall_after_wave_3() -> None:
    early = [share(wave_texts(51, w), LEADERS_ABSENT.search) for w in (1, 2, 3)]
    late = [share(wave_texts(51, w), LEADERS_ABSENT.search) for w in (4, 5, 6)]
    assert min(early) >= 0.015
    assert max(late) <= min(early) / 2
    assert share(wave_texts(52, 5), lambda t: "Big Conversation" in t) > 0.01
    assert share(wave_texts(52, 1), lambda t: "Big Conversation" in t) == 0


def test_you_said_we_did_appears_mid_series() -> None:
    rx = re.compile(r"you said,? we did", re.IGNORECASE)
    assert share(wave_texts(61, 1), rx.search) == 0
    assert share(wave_texts(61, 5), rx.search) > 0.008


def test_working_well_skews_positive_one_change_to_requests() -> None:
    positive = re.compile(r"brilliant|great|good|amazing|supportive|helpful|better|colleagues|team", re.I)
    ww = non_blank(staff_batch(71, 3000, question="working_well"))
    oc = non_blank(staff_batch(71, 3000, question="one_change"))
    assert share(ww, positive.search) > share(oc, positive.search) + 0.15


def test_service_area_shapes_content() -> None:
    def area_texts(area: str) -> list[str]:
        rng = random.Random(81)
        items = [
            c.staff_comment(rng, question_key=c.STAFF_QUESTIONS[i % 2], wave=3, n_waves=6, service_area=area)
            for i in range(3000)
        ]
        return non_blank(items)

    leaving, front = area_texts("Leaving care"), area_texts("Front door and MASH")
    care_words = re.compile(r"pathway plan|housing|\bPAs?\b|care leavers?|staying put", re.I)
    door_words = re.compile(r"contacts?\b|thresholds?|MASH|consultation line", re.I)
    assert share(leaving, care_words.search) > 3 * share(front, care_words.search)
    assert share(front, door_words.search) > 2 * share(leaving, door_words.search)


def test_personal_data_share() -> None:
    texts = non_blank(staff_batch(91, 5000))
    has_pii = share(
        texts, lambda t: bool(DRAMA_PHONE.search(t) or EXAMPLE_EMAIL.search(t) or NAMES.search(t))
    )
    assert 0.02 <= has_pii <= 0.10
    joined = "\n".join(texts)
    for rx in (DRAMA_PHONE, EXAMPLE_EMAIL, CASE_REF, NAMES):
        assert rx.search(joined), rx.pattern
    # every phone number is from a drama range; every email is on a reserved example domain
    numbers = re.findall(r"\+?\(?\d[\d ()]{8,}\d", joined)
    assert numbers
    assert all(DRAMA_PHONE.fullmatch(n) for n in numbers), [
        n for n in numbers if not DRAMA_PHONE.fullmatch(n)
    ]
    assert all(m.endswith(("@example.com", "@example.org")) for m in re.findall(r"\S+@\S+\w", joined))


def test_names_only_appear_through_personal_data_templates() -> None:
    fragments = [f for f in c._hand_written_fragments() if "{" not in f]
    assert not [f for f in fragments if NAMES.search(f)]


def test_enough_hand_written_fragments() -> None:
    assert len(set(c._hand_written_fragments())) >= 300


def test_moderation_worthy_comments_are_rare_but_present() -> None:
    texts = non_blank(staff_batch(101, 20000))
    starts = tuple(m[:30].lower() for m in c._MODERATION_STAFF)
    rate = share(texts, lambda t: t[:30].lower().startswith(starts))
    assert 0.003 <= rate <= 0.02


def partner_texts(setting: str, n: int = 2000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return non_blank([c.partner_comment(rng, wave=1 + i % 2, n_waves=2, setting=setting) for i in range(n)])


def test_partner_comments_vary_by_setting() -> None:
    primary, police, health = partner_texts("primary"), partner_texts("police"), partner_texts("health")
    school_words = re.compile(r"school|pupil|Reception|Year \d|EHCP|DSL|headteacher", re.I)
    police_words = re.compile(r"\bpolice\b|PPN|strategy|RHI|return home|missing|LADO|custody|s47", re.I)
    health_words = re.compile(r"health|IHA|GP|ICB|nurse|medical", re.I)
    assert share(primary, school_words.search) > 0.3
    assert share(police, school_words.search) < 0.1
    assert share(police, police_words.search) > 3 * share(primary, police_words.search)
    assert share(health, health_words.search) > 2 * share(police, health_words.search)
    assert len(set(primary) & set(police)) / len(set(primary)) < 0.3
    secondary = partner_texts("secondary")
    assert share(secondary, re.compile(r"exclu|\bAP\b|exploit|county lines", re.I).search) > 0.1
    for setting in c.PARTNER_SETTINGS:
        items = [c.partner_comment(random.Random(i), wave=1, n_waves=2, setting=setting) for i in range(600)]
        assert 0.25 <= items.count(None) / len(items) <= 0.55


def test_partner_comments_include_positives() -> None:
    texts = partner_texts("primary", 3000)
    assert (
        share(texts, re.compile(r"excellent|brilliant|invaluable|useful|helpful|improved", re.I).search) > 0.1
    )


def test_current_wave_past_the_series_and_short_series_are_accepted() -> None:
    rng = random.Random(1)
    items = [
        c.staff_comment(rng, question_key="one_change", wave=7, n_waves=6, service_area="Assessment")
        for _ in range(500)
    ]
    assert share(non_blank(items), NEW_SYSTEM.search) > 0.05  # the open wave behaves like the last
    for wave, n_waves in ((1, 1), (3, 2), (0, 6)):
        for seed in range(50):
            text = c.staff_comment(
                random.Random(seed), question_key="working_well", wave=wave, n_waves=n_waves, service_area="?"
            )
            assert text is None or text.strip()
            text = c.partner_comment(random.Random(seed), wave=wave, n_waves=n_waves, setting="special")
            assert text is None or text.strip()


def test_unknown_keys_are_rejected() -> None:
    with pytest.raises(ValueError, match="question_key"):
        c.staff_comment(random.Random(1), question_key="other", wave=1, n_waves=6, service_area="Assessment")
    with pytest.raises(ValueError, match="setting"):
        c.partner_comment(random.Random(1), wave=1, n_waves=2, setting="nursery")


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Caseloads are far too high", "caseload_workload"),
        ("Atlas keeps logging me out", "it_systems_case_recording"),
        ("Never seen the DCS in our office", "senior_leadership_visibility"),
        ("EHCPs for our pupils take a year", "schools_partnership"),
        ("CAMHS waits", "health_camhs_access"),
        ("lovely weather", None),
    ],
)
def test_comment_topic(text: str, topic: str | None) -> None:
    assert c.comment_topic(text) == topic
