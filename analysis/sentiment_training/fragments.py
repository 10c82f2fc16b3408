"""Combinatorial training sentences built from fragments written by the Heard team.

Every fragment below was written for Heard; nothing is copied from evaluation data. Combining them gives the
linear model many ways of saying the same thing (aspect words, frames such as "still no ...", "could we ...?")
so it learns the frame rather than one sentence. ``generate`` is deterministic for a given ``random_state``.
"""

from __future__ import annotations

import random

# (aspect, adjectives that praise it, adjectives that criticise it)
ASPECTS: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    (
        "pay",
        ("good", "decent", "competitive", "fair", "generous"),
        ("low", "poor", "bad", "rubbish", "terrible"),
    ),
    ("salary", ("good", "decent", "competitive", "fair"), ("low", "poor", "uncompetitive", "disappointing")),
    (
        "hours",
        ("flexible", "sensible", "regular", "family friendly"),
        ("long", "unsociable", "antisocial", "erratic"),
    ),
    ("shifts", ("flexible", "short", "predictable"), ("long", "split", "late", "unpredictable", "gruelling")),
    (
        "management",
        ("supportive", "approachable", "great", "fair", "excellent"),
        ("poor", "bad", "weak", "useless", "inconsistent", "awful"),
    ),
    (
        "managers",
        ("supportive", "approachable", "friendly", "fair"),
        ("rude", "absent", "clueless", "unsupportive"),
    ),
    (
        "colleagues",
        ("friendly", "lovely", "supportive", "helpful", "brilliant"),
        ("unfriendly", "cliquey", "lazy"),
    ),
    (
        "team",
        ("great", "friendly", "close", "supportive", "fantastic"),
        ("stretched", "divided", "demoralised"),
    ),
    ("training", ("excellent", "thorough", "good", "regular"), ("poor", "minimal", "rushed", "out of date")),
    ("benefits", ("great", "good", "generous", "excellent"), ("poor", "limited", "basic", "few")),
    ("holiday allowance", ("generous", "good", "decent"), ("poor", "stingy", "limited")),
    ("pension", ("generous", "good", "solid"), ("poor", "weak", "measly")),
    ("culture", ("positive", "inclusive", "friendly", "open"), ("toxic", "negative", "blame", "closed")),
    ("work life balance", ("good", "great", "excellent", "healthy"), ("poor", "terrible", "non-existent")),
    ("rota", ("fair", "flexible", "well planned"), ("unfair", "chaotic", "last minute")),
    (
        "office",
        ("lovely", "modern", "bright", "comfortable"),
        ("cramped", "freezing", "dirty", "noisy", "shabby"),
    ),
    (
        "supervision",
        ("regular", "reflective", "helpful", "consistent"),
        ("rushed", "irregular", "patchy", "cancelled"),
    ),
    ("induction", ("thorough", "well organised", "helpful"), ("rushed", "poor", "disorganised")),
    ("career progression", ("clear", "good", "fast"), ("limited", "slow", "no")),
    (
        "communication",
        ("clear", "open", "honest", "regular"),
        ("poor", "confusing", "patchy", "non-existent"),
    ),
    (
        "leadership",
        ("visible", "strong", "honest", "inspiring"),
        ("invisible", "weak", "distant", "out of touch"),
    ),
    ("IT", ("reliable", "quick", "modern"), ("slow", "unreliable", "outdated", "clunky")),
    (
        "caseloads",
        ("manageable", "reasonable", "protected", "lower"),
        ("huge", "unmanageable", "crazy", "high"),
    ),
    ("workload", ("manageable", "reasonable", "fair"), ("heavy", "crushing", "unmanageable", "relentless")),
    ("parking", ("free", "easy", "plentiful"), ("expensive", "impossible", "limited")),
]
INTENSIFIERS = ("", "really ", "very ", "genuinely ", "quite ", "so ", "pretty ", "extremely ")

PEOPLE = (
    "my PM",
    "my practice manager",
    "my team manager",
    "my TM",
    "my ATM",
    "my line manager",
    "the AD",
    "the Director",
    "our head of service",
    "my supervisor",
    "the new PM",
    "our senior practitioner",
    "the duty manager",
    "our IRO",
    "the service manager",
    "my manager",
    "our HoS",
    "the new team manager",
)
PEOPLE_POS = (
    "has been really supportive",
    "is always available when I need her",
    "listens and acts on it",
    "gives proper reflective supervision",
    "backs us up when it matters",
    "is approachable and fair",
    "has made a real difference to the team",
    "is brilliant",
    "knows the families and the work",
    "followed up exactly as promised",
    "checks in on how we are, not just the cases",
    "is honest with us about what is happening",
    "protects our time for training",
    "makes good, quick decisions",
    "is calm under pressure",
    "has been amazing this month",
)
PEOPLE_NEG = (
    "is never available",
    "cancels supervision all the time",
    "doesn't listen",
    "has no idea what we do",
    "hasn't been seen in months",
    "is completely overwhelmed",
    "never follows anything up",
    "changes the plan every week",
    "doesn't read the case notes",
    "blames staff when things go wrong",
    "is always in meetings",
    "only cares about the numbers",
    "shouted at a colleague in the office",
    "makes promises and never keeps them",
    "ignores emails",
    "left without any handover",
)

SERVICES = (
    "Mosaic",
    "the helpdesk",
    "the front door",
    "MASH",
    "CAMHS",
    "the early help hub",
    "the out of hours service",
    "the legal team",
    "the fostering team",
    "the IRO service",
    "HR",
    "payroll",
    "the SEND team",
    "the virtual school",
    "the new laptops",
    "the recording system",
    "health",
    "the police",
    "the placements team",
    "the housing team",
    "business support",
    "the contact centre",
    "the edge of care team",
    "the referral portal",
    "the school nurse service",
)
SERVICE_POS = (
    "has been really responsive",
    "is working well",
    "is much better than it was",
    "has really improved",
    "was quick to help",
    "is great to work with",
    "is reliable now",
    "has been a huge help",
    "sorted it out the same day",
    "gets back to us quickly",
    "is doing a great job",
    "has made life easier",
)
SERVICE_NEG = (
    "keeps crashing",
    "is so slow",
    "takes months to do anything",
    "never gets back to us",
    "is a nightmare",
    "isn't working",
    "has a huge waiting list",
    "keeps bouncing referrals back",
    "is not fit for purpose",
    "loses paperwork",
    "has been down all week",
    "is impossible to reach",
    "is a total shambles",
    "makes everything harder",
    "has got worse since the summer",
)

THINGS_MISSING = (
    "supervision",
    "handover",
    "permanent manager",
    "admin support",
    "feedback",
    "desk",
    "laptop",
    "reply from HR",
    "decision on the pods",
    "date for go live",
    "training",
    "support",
    "clear plan",
    "allocated worker",
    "lunch break",
    "time to reflect",
    "progression",
    "recognition",
    "consistency",
    "parking",
    "pay rise",
    "answer",
)
BAD_THINGS = (
    "cases",
    "emails",
    "meetings",
    "changes",
    "forms",
    "agency staff",
    "managers",
    "targets",
    "unallocated cases",
    "restructures",
    "priorities",
    "audits",
    "duty days",
    "late nights",
)
RESOURCES = (
    "social workers",
    "staff",
    "time",
    "desks",
    "managers",
    "foster carers",
    "placements",
    "admin",
    "training",
    "support",
    "money",
    "hours",
    "supervision",
    "senior practitioners",
)
PERIODS = (
    "two weeks",
    "three weeks",
    "a month",
    "six weeks",
    "two months",
    "three months",
    "six months",
    "a year",
    "ages",
    "weeks",
    "months",
)

SUGGEST_START = (
    "Would be good to",
    "It would be helpful to",
    "Could we",
    "Can we",
    "Please could we",
    "Maybe we could",
    "It might help to",
    "I'd like to",
    "We need to",
    "Would it be possible to",
    "Suggest we",
    "Perhaps we could",
    "It would be great to",
    "I think we should",
    "Would be nice to",
    "It would help to",
    "Why not",
    "Consider ways to",
    "It would be useful to",
)
ACTIONS = (
    "have a named contact for Mosaic queries",
    "hold team meetings fortnightly",
    "share the caseload figures each month",
    "get a date for the pod review",
    "set up a peer support group",
    "book supervision in advance",
    "record the briefings",
    "have a shared calendar for training",
    "invite schools to the team day",
    "rotate duty more fairly",
    "have a quiet room for writing reports",
    "meet the new AD",
    "run the survey every two months",
    "include agency staff in team days",
    "have a wellbeing check in supervision",
    "publish the results of the survey",
    "keep a list of useful contacts",
    "trial a four day week",
    "have joint training with health",
    "see the improvement plan",
    "have more face to face training",
    "do exit interviews for everyone who leaves",
    "get an update on the practice model",
    "have the briefing at lunchtime",
    "put the policies in one place",
    "pair new starters with a buddy",
    "review the mileage rate",
    "have a clearer step down process",
    "hear from the Director more often",
    "invite health colleagues to our team meeting",
    "have a single inbox for referrals",
)
QUESTION_TOPICS = (
    "the pod review",
    "the new practice model",
    "the retention payment",
    "go live",
    "the office move",
    "the caseload cap",
    "the training calendar",
    "the pay review",
    "the new duty system",
    "the restructure",
    "the lockers",
    "the survey results",
    "the new laptops",
    "the parking permits",
    "the ASYE programme",
    "the agency contracts",
)
QUESTION_FRAMES = (
    "Any update on {t}?",
    "When will {t} happen?",
    "What is happening with {t}?",
    "Is there a plan for {t}?",
    "Who is responsible for {t}?",
    "Is there any news about {t}?",
    "Has anyone heard anything about {t}?",
    "Will there be more information on {t}?",
    "What's the timescale for {t}?",
    "Can someone explain {t}?",
)
SHOULD_FRAMES = (
    "{T} should be shared with all staff.",
    "{T} needs to be discussed at the team meeting.",
    "{T} should be reviewed next year.",
    "{T} needs a clearer timetable.",
    "{T} should involve front line staff.",
    "I'd like more detail about {t}.",
)
FACT_FRAMES = (
    "We have {n} social workers in the team.",
    "I have been in post for {n} months.",
    "Our team covers the {d} of the borough.",
    "{T} starts in {m}.",
    "I work {n} hours a week.",
    "We moved to the {d} office in {m}.",
    "{T} was discussed at our team meeting in {m}.",
    "I'm based in the {d} hub.",
    "Our PM started in {m}.",
    "I'm on duty on {w}s.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "September", "October", "November")
DIRECTIONS = ("north", "south", "east", "west", "centre")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
NULL_ANSWERS = (
    "None",
    "none",
    "None.",
    "Nothing",
    "nothing",
    "nothing really",
    "N/A",
    "n/a",
    "na",
    "Nil",
    "-",
    "No comment",
    "no comments",
    "Nothing to add",
    "nothing more to add",
    "Not really",
    "Nothing at the moment",
    "None at this time",
    "Nothing else to say",
    "no",
    "Nope",
    "...",
)
NO_CONS = (
    "No cons",
    "no cons",
    "No cons at all",
    "None, really happy here",
    "No downsides",
    "Nothing bad to say",
    "No complaints whatsoever",
    "Can't think of any cons",
    "I have no complaints",
    "Honestly none, great place",
    "Nothing negative",
    "no negatives",
)
SARCASM_OPEN = (
    "Great, another",
    "Oh brilliant, another",
    "Fantastic, yet another",
    "Lovely, another",
    "Wonderful, another",
    "Oh good, another",
    "Perfect, another",
    "Amazing, one more",
)
SARCASM_THINGS = (
    "restructure",
    "new system",
    "practice model",
    "survey",
    "wellbeing webinar",
    "interim manager",
    "email about resilience",
    "reorganisation",
    "change of plan",
    "audit",
    "consultant",
    "office move",
    "form to fill in",
    "agency worker leaving",
)
YEAH_RIGHT = ("Yeah right, {x}.", "{X}. Yeah right.", "Apparently {x}. Sure.", "We're told {x}. As if.")
CLAIMS = (
    "leaders are listening",
    "caseloads are coming down",
    "things are getting better",
    "we'll get a pay rise",
    "the new system will save time",
    "supervision is a priority",
    "wellbeing matters",
    "the pods will fix everything",
)
BETTER_BUT_STILL = (
    "{A} is better than it was, but {b} still needs work.",
    "{A} has improved a bit, though {b} is still a problem.",
    "Some progress with {a}, but {b} hasn't moved.",
    "{A} is getting easier, {b} less so.",
)


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def generate(random_state: int = 0, per_family: int = 70) -> list[tuple[str, str]]:
    """``(text, label)`` pairs, label ``pos``/``neu``/``neg``; about ``per_family`` per frame family."""
    rng = random.Random(random_state)  # noqa: S311 - reproducible sampling, not security  # nosec B311
    out: list[tuple[str, str]] = []

    def aspect_phrase(polarity: int) -> str:
        aspect, pos, neg = rng.choice(ASPECTS)
        adj = rng.choice(pos if polarity > 0 else neg)
        return f"{adj} {aspect}" if adj != "no" else f"no {aspect}"

    for _ in range(per_family):  # pros/cons lists: "good pay, friendly colleagues and flexible hours"
        for pol, lab in ((1, "pos"), (-1, "neg")):
            k = rng.choice((1, 1, 2, 3))
            items = [aspect_phrase(pol) for _ in range(k)]
            text = (
                items[0] if k == 1 else ", ".join(items[:-1]) + rng.choice((" and ", ", ", " & ")) + items[-1]
            )
            out.append((_cap(text) if rng.random() < 0.6 else text, lab))
    for _ in range(per_family):  # "The pay is really good." / "Management is poor."
        aspect, pos, neg = rng.choice(ASPECTS)
        for adjs, lab in ((pos, "pos"), (neg, "neg")):
            adj = rng.choice(adjs)
            if adj == "no":
                continue
            verb = "are" if aspect.endswith("s") and aspect not in ("IT",) else "is"
            out.append((f"{_cap(aspect)} {verb} {rng.choice(INTENSIFIERS)}{adj}.", lab))
    for _ in range(per_family):  # people and services
        out.append((f"{_cap(rng.choice(PEOPLE))} {rng.choice(PEOPLE_POS)}.", "pos"))
        out.append((f"{_cap(rng.choice(PEOPLE))} {rng.choice(PEOPLE_NEG)}.", "neg"))
        out.append((f"{_cap(rng.choice(SERVICES))} {rng.choice(SERVICE_POS)}.", "pos"))
        out.append((f"{_cap(rng.choice(SERVICES))} {rng.choice(SERVICE_NEG)}.", "neg"))
    for _ in range(per_family):  # "still no ...", "no ... for months", "not enough ...", "too many ..."
        thing = rng.choice(THINGS_MISSING)
        period = rng.choice(PERIODS)
        out.append(
            (
                rng.choice(
                    (
                        f"Still no {thing}.",
                        f"Still waiting for a {thing}.",
                        f"{_cap(period)} and still no {thing}.",
                        f"No {thing} for {period}.",
                        f"Haven't had any {thing} in {period}.",
                        f"no {thing}",
                    )
                ),
                "neg",
            )
        )
        out.append(
            (
                rng.choice(
                    (
                        f"Not enough {rng.choice(RESOURCES)}.",
                        f"Too many {rng.choice(BAD_THINGS)}.",
                        f"Lack of {rng.choice(RESOURCES)}.",
                        f"Far too many {rng.choice(BAD_THINGS)}",
                        f"nowhere near enough {rng.choice(RESOURCES)}",
                    )
                ),
                "neg",
            )
        )
        n = rng.randint(26, 45)
        out.append(
            (
                rng.choice(
                    (
                        f"Caseload is {n}.",
                        f"Still on {n} cases.",
                        f"I have {n} children on my caseload.",
                        f"{n} cases and rising.",
                        f"Caseload of {n} again this month.",
                    )
                ),
                "neg",
            )
        )
        n = rng.randint(10, 19)
        out.append(
            (
                rng.choice(
                    (
                        f"Down to {n} cases, feels manageable.",
                        f"Caseload is down to {n}, much better.",
                        f"I'm on {n} cases now which is great.",
                    )
                ),
                "pos",
            )
        )
    for _ in range(per_family):  # suggestions, questions, facts: neutral
        start = rng.choice(SUGGEST_START)
        q = start.split()[0] in ("Could", "Can", "Would", "Please", "Why")
        out.append((f"{start} {rng.choice(ACTIONS)}{'?' if q and rng.random() < 0.8 else '.'}", "neu"))
        t = rng.choice(QUESTION_TOPICS)
        out.append((rng.choice(QUESTION_FRAMES).format(t=t), "neu"))
        out.append((rng.choice(SHOULD_FRAMES).format(t=t, T=_cap(t)), "neu"))
        out.append(
            (
                rng.choice(FACT_FRAMES).format(
                    n=rng.randint(2, 12),
                    d=rng.choice(DIRECTIONS),
                    m=rng.choice(MONTHS),
                    w=rng.choice(WEEKDAYS),
                    t=t,
                    T=_cap(t),
                ),
                "neu",
            )
        )
        aspect_a, aspect_b = rng.sample([a for a, _, _ in ASPECTS], 2)
        out.append((rng.choice(BETTER_BUT_STILL).format(a=aspect_a, A=_cap(aspect_a), b=aspect_b), "neu"))
    for _ in range(per_family // 2):  # empty answers, "no cons", sarcasm
        out.append((rng.choice(NULL_ANSWERS), "neu"))
        out.append((rng.choice(NO_CONS), "pos"))
        out.append(
            (
                f"{rng.choice(SARCASM_OPEN)} {rng.choice(SARCASM_THINGS)}{rng.choice(('.', '...', '!', ''))}",
                "neg",
            )
        )
        c = rng.choice(CLAIMS)
        out.append((rng.choice(YEAH_RIGHT).format(x=c, X=_cap(c)), "neg"))
    for _ in range(per_family // 2):  # contrast: the clause after "but" carries the weight
        a = aspect_phrase(1)
        b = aspect_phrase(-1)
        out.append((f"{_cap(a)} but {b}.", "neg"))
        out.append((f"{_cap(b)} but {a}.", "pos"))
    seen: set[str] = set()
    unique = []
    for text, label in out:
        if text not in seen:
            seen.add(text)
            unique.append((text, label))
    return unique
