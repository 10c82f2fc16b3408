"""Fragments of "pros" and "cons" answers about employers in many sectors, written by the Heard team.

``generate`` joins one to four fragments (``workplace_pros.txt``, ``workplace_cons.txt``) the way people
write review answers (commas, "and", new lines, bullets); ``generate_templates`` expands the templates in
``templates_pros.txt`` and ``templates_cons.txt``. The model thus learns what is praise and what is complaint
about work in general, not one sentence. Both are deterministic for a given ``random_state``.
"""

from __future__ import annotations

import random
from pathlib import Path

_DIR = Path(__file__).parent

POS_SENTENCES = (
    "You get to work with some really talented people.",
    "I have learned more here than anywhere else.",
    "Managers genuinely care about your wellbeing.",
    "They paid for my professional qualification.",
    "Easy to get shifts that fit around family life.",
    "The training at the start is thorough.",
    "Everyone pulls together when it's busy.",
    "There is a real sense of community.",
    "I was promoted twice in three years.",
    "They were very understanding when I was ill.",
    "You are given responsibility early.",
    "Senior leaders are visible and approachable.",
    "The company is growing so there are lots of openings.",
    "You feel part of something worthwhile.",
    "Pay is reviewed every year and has gone up above inflation.",
    "Hours are flexible if you ask.",
    "Great place for a first job, you learn customer service quickly.",
    "It's a well run company.",
    "Holidays are easy to book.",
    "They look after their staff.",
    "My manager always backed me up.",
    "Overtime is there if you want it.",
    "They listen to feedback and change things.",
    "The staff discount alone is worth it.",
    "Work is interesting and varied.",
    "Good place to build your skills.",
    "The culture is open and friendly.",
    "Nice environment to work in.",
)
NEG_SENTENCES = (
    "You are expected to stay late without being paid.",
    "Managers only care about the numbers.",
    "Nobody gets promoted unless they are friends with the manager.",
    "It is impossible to get a day off.",
    "They cut staff and expect the same results.",
    "Breaks are often cut short when it's busy.",
    "You can be moved to another store with a day's notice.",
    "Training is basically watching videos.",
    "The pay hasn't kept up with the cost of living.",
    "Head office make decisions without asking anyone.",
    "There is no time to do the job properly.",
    "You get blamed for things outside your control.",
    "Staff are leaving faster than they can be replaced.",
    "Sick leave is frowned upon.",
    "Targets go up every month.",
    "You never know what hours you will get next week.",
    "Management change every few months.",
    "The work is physically exhausting.",
    "It's hard to switch off because emails never stop.",
    "There is a culture of fear.",
    "They promise progression but it never happens.",
    "Customers can be very rude and managers don't back you.",
    "Equipment is always breaking and never fixed.",
    "You have to fight for every pay rise.",
    "Holiday requests get turned down all the time.",
    "Work life balance is non-existent.",
    "The systems are so slow it takes forever to do anything.",
    "Too much focus on sales over service.",
)
SEPARATORS = (", ", ", ", " and ", "\n", "\n- ", ". ", " - ", ", ")


def _lines(name: str) -> list[str]:
    text = (_DIR / name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def generate(random_state: int = 0, n: int = 900) -> list[tuple[str, str]]:
    """``n`` pros (label ``pos``) and ``n`` cons (label ``neg``) answers built from the fragment files."""
    rng = random.Random(random_state)  # noqa: S311 - reproducible sampling, not security  # nosec B311
    out: list[tuple[str, str]] = []
    for name, sentences, label in (
        ("workplace_pros.txt", POS_SENTENCES, "pos"),
        ("workplace_cons.txt", NEG_SENTENCES, "neg"),
    ):
        items = _lines(name)
        for _ in range(n):
            k = rng.choice((1, 1, 2, 2, 3, 4))
            parts = rng.sample(items, k)
            if rng.random() < 0.15:
                parts.append(rng.choice(sentences).rstrip("."))
            sep = rng.choice(SEPARATORS)
            text = sep.join(parts)
            if sep.startswith("\n-"):
                text = "- " + text
            if rng.random() < 0.5:
                text = text[0].upper() + text[1:]
            if rng.random() < 0.2:
                text += "."
            out.append((text, label))
        out.extend((s, label) for s in sentences)
    return out


def _expand(template: str, rng: random.Random) -> str:
    out, i = [], 0
    while i < len(template):
        if template[i] == "{":
            j = template.index("}", i)
            out.append(rng.choice(template[i + 1 : j].split("|")))
            i = j + 1
        else:
            out.append(template[i])
            i += 1
    return " ".join("".join(out).split())


def generate_templates(random_state: int = 0, per_template: int = 12) -> list[tuple[str, str]]:
    """About ``per_template`` distinct sentences from each pros (``pos``) and cons (``neg``) template."""
    rng = random.Random(random_state)  # noqa: S311 - reproducible sampling, not security  # nosec B311
    out: list[tuple[str, str]] = []
    for name, label in (("templates_pros.txt", "pos"), ("templates_cons.txt", "neg")):
        for template in _lines(name):
            seen: set[str] = set()
            for _ in range(per_template * 3):
                text = _expand(template, rng)
                if rng.random() < 0.3:
                    text = text[0].lower() + text[1:]
                if rng.random() < 0.3:
                    text += rng.choice((".", ".", "!", ""))
                if text not in seen:
                    seen.add(text)
                    out.append((text, label))
                if len(seen) >= per_template:
                    break
    return out
