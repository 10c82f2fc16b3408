"""Scale run: synthetic comments through redact -> sentiment -> flags -> themes, with time and peak memory.

    python benchmarks/analysis_scale.py            # 100,000 comments (target: < 5 minutes, < 4 GB, 2 cores)
    python benchmarks/analysis_scale.py --n 5000   # a smaller run

The comments are generated here from hand-written fragments with a seeded random generator (names are
invented; phone numbers use Ofcom's drama range; emails the reserved example.com domain), so the run needs no
data files. Stages whose module is missing or fails are reported as "not available" and skipped.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TOPICS = {
    "workload": [
        "caseloads are still over {n} in our pod",
        "we have {n} unallocated cases and nobody to take them",
        "recording takes longer than the visits themselves",
        "court reports are always written at midnight",
        "duty weeks leave no time for my own families",
        "the admin burden has doubled since the restructure",
    ],
    "systems": [
        "Mosaic crashes every afternoon",
        "the Surface keeps losing the VPN on home visits",
        "the helpdesk takes {n} days to reply",
        "forms on the new system need {n} clicks to save",
        "the migration lost half the chronology",
        "printing a plan takes three attempts",
    ],
    "supervision": [
        "supervision has been cancelled {n} times this year",
        "my manager always makes time for reflective supervision",
        "the interim managers change every few months",
        "case direction is clear and recorded",
        "I have not had supervision since {month}",
        "acting-up managers are doing two jobs",
    ],
    "leadership": [
        "the Director came to our team meeting and listened",
        "senior leaders never visit the Chatham office",
        "the AD answered every question at the briefing",
        "heads of service do not understand the front line",
        "I have never met anyone above my team manager",
        "leaders are visible and honest about the budget",
    ],
    "recruitment": [
        "agency staff leave after {n} weeks",
        "the retention payment is welcome",
        "we lost {n} social workers in a month",
        "pay is behind the neighbouring authorities",
        "newly qualified workers are thrown in at the deep end",
        "permanent posts are finally being filled",
    ],
    "partners": [
        "CAMHS waits are over {n} months",
        "schools never hear back about referrals",
        "the police attend strategy meetings now",
        "early help hubs are stepping cases down well",
        "health assessments for children in care are late",
        "the front door sends everything to assessment",
    ],
    "wellbeing": [
        "the office is freezing and the lift is broken",
        "there is nowhere to park near the hub",
        "morale is low after the inspection",
        "my colleagues are the reason I stay",
        "the wellbeing sessions actually help",
        "there is no quiet room after a hard visit",
    ],
}
OPENERS = ["Honestly,", "To be fair,", "Again,", "", "", "", "As a PM,", "Since {month},", "In our team,"]
CLOSERS = [
    "",
    "",
    "Please fix this.",
    "Thank you.",
    "Nothing changes.",
    "It is getting better.",
    "We need more staff.",
    "Well done to the team.",
]
PERSONAL = [
    "Thanks to {first} in business support.",
    "Ring me on 07700 900{d3}.",
    "{first} {last} has been brilliant.",
    "Email {lower}.{lastlower}@example.com if you want examples.",
    "Case {d7} still has no worker.",
    "Mrs {last} has not been visited.",
    "Family at {d2} {street} Road need a call back.",
]
FIRST = [
    "Amira",
    "Jake",
    "Priya",
    "Tomasz",
    "Ellie",
    "Kwame",
    "Sinead",
    "Marcus",
    "Leah",
    "Oskar",
    "Nadia",
    "Callum",
]
LAST = [
    "Hartley",
    "Okafor",
    "Nowicki",
    "Brennan",
    "Chaudhry",
    "Whitfield",
    "Adeyemi",
    "Kowalska",
    "Doyle",
    "Shah",
]
STREETS = ["Acacia", "Station", "Church", "Mill", "Orchard", "Victoria"]
MONTHS = ["January", "March", "May", "September", "November"]
EMPTY = ["n/a", "no", "nothing to add", "N/A", "none", "-"]


def synthetic_comments(n: int, seed: int = 0) -> list[str]:
    """``n`` varied staff-survey comments, reproducible for a given ``seed``."""
    rng = random.Random(seed)
    topics = list(TOPICS)
    out = []
    for _ in range(n):
        if rng.random() < 0.04:
            out.append(rng.choice(EMPTY))
            continue
        parts = [rng.choice(OPENERS)]
        for _ in range(rng.choice([1, 1, 2])):
            sentence = rng.choice(TOPICS[rng.choice(topics)])
            if not parts[-1].endswith(","):
                sentence = sentence[0].upper() + sentence[1:]
            parts.append(sentence + rng.choice([".", ".", "!", "."]))
        if rng.random() < 0.15:
            parts.append(rng.choice(PERSONAL))
        parts.append(rng.choice(CLOSERS))
        first, last = rng.choice(FIRST), rng.choice(LAST)
        text = " ".join(p for p in parts if p).format(
            n=rng.randint(2, 40),
            month=rng.choice(MONTHS),
            first=first,
            last=last,
            lower=first.lower(),
            lastlower=last.lower(),
            d3=f"{rng.randint(0, 999):03d}",
            d7=rng.randint(1000000, 9999999),
            d2=rng.randint(1, 99),
            street=rng.choice(STREETS),
        )
        out.append(text)
    return out


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in KB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 1024 if sys.platform != "darwin" else rss / 1024 / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="number of comments (default 100,000)")
    parser.add_argument(
        "--n-themes", type=int, default=None, help="themes to fit (default: chosen automatically)"
    )
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    t_start = time.perf_counter()
    texts = synthetic_comments(args.n, args.seed)
    print(f"generated {len(texts):,} comments in {time.perf_counter() - t_start:.1f} s", flush=True)
    timings: dict[str, float] = {}

    def stage(name: str, run: Callable[[], str]) -> None:
        """Time one stage and print its line (``run`` returns a note); a failing stage is skipped."""
        t0 = time.perf_counter()
        try:
            note = run()
        except Exception as exc:
            print(f"{name:<10} not available: {type(exc).__name__}: {exc}", flush=True)
            return
        timings[name] = time.perf_counter() - t0
        print(
            f"{name:<10} {timings[name]:8.1f} s  {len(texts) / timings[name]:10,.0f} comments/s  "
            f"peak {peak_mb():,.0f} MB{note}",
            flush=True,
        )

    redacted: list[str] = []

    def redact() -> str:
        from analysis.redact import Redactor

        redacted.extend(r.text for r in Redactor().redact_many(texts))
        return ""

    def sentiment() -> str:
        from analysis.sentiment import SentimentAnalyzer

        analyzer = SentimentAnalyzer()
        analyzer.labels_for(analyzer.score(redacted))
        return ""

    def flags() -> str:
        from analysis.flags import SensitiveCommentFlagger

        # Raw text, as the app flags it: redaction would hide the names that anchor a risk to a child.
        flagged = sum(1 for found in SensitiveCommentFlagger().flag_many(texts) if found)
        return f"  ({flagged:,} flagged)"

    def themes() -> str:
        from analysis.themes import ThemeModel

        ids = ThemeModel(n_themes=args.n_themes, random_state=args.seed).fit_predict(redacted)
        return f"  ({len({int(i) for i in ids if int(i) != -1})} themes)"

    stage("redact", redact)
    if "redact" not in timings:
        return 1  # every later stage reads the redacted text
    for name, run in (("sentiment", sentiment), ("flags", flags), ("themes", themes)):
        stage(name, run)

    total = sum(timings.values())
    peak = peak_mb()
    print(
        f"total      {total:8.1f} s  {len(texts) / total:10,.0f} comments/s  peak {peak:,.0f} MB "
        f"(stages run: {', '.join(timings)})"
    )
    ok_time, ok_mem = total < 300, peak < 4096
    note = "" if len(timings) == 4 else " (incomplete: not every stage ran)"
    print(
        f"targets: time < 300 s {'met' if ok_time else 'NOT met'}; "
        f"memory < 4,096 MB {'met' if ok_mem else 'NOT met'}{note}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
