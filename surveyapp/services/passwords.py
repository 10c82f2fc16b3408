"""Refusing weak passwords: too short, leaked, easy to guess, or made from the person's own details.

The leaked-password list is the 30,000 most common passwords from public breaches that ships inside the
``zxcvbn`` package (MIT licence, ``zxcvbn.frequency_lists``), so nothing is downloaded at run time and no
password is ever sent anywhere. zxcvbn's guessability score catches variations the list misses
("Password1234!", keyboard walks, dates, repeated words).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from surveyapp.services.users import MIN_PASSWORD_LENGTH

MIN_SCORE = 3  # zxcvbn's 0–4 scale: 3 is "safely unguessable: moderate protection from offline attack"
# zxcvbn's time grows with length; past this it adds nothing but CPU.
_SCORED_LENGTH = 100

TOO_SHORT = f"Password must be at least {MIN_PASSWORD_LENGTH} characters"
COMMON = (
    "This password is in a list of passwords leaked from other websites, so it is easy to guess. "
    "Choose a different one: three or four unrelated words make a strong password"
)
PERSONAL = (
    "Password must not contain your email address or name. "
    "Choose a different one: three or four unrelated words make a strong password"
)
GUESSABLE = (
    "This password is too easy to guess. "
    "Choose a different one: three or four unrelated words make a strong password"
)


@functools.cache
def _leaked() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _personal_words(personal: Iterable[str]) -> list[str]:
    """The person's email, its local part and the words of their name, lower-cased.

    Name parts shorter than four letters are left out, so "Ann" does not rule out "annual".
    """
    words: set[str] = set()
    for value in personal:
        value = (value or "").strip().lower()
        if not value:
            continue
        local = value.split("@", 1)[0]
        words.update(w for w in (value, local) if len(w) >= 3)
        words.update(w for w in re.split(r"[^a-z0-9]+", local) if len(w) >= 4)
    return sorted(words, key=len, reverse=True)


def password_problem(password: str, personal: Iterable[str] = ()) -> str | None:
    """Why ``password`` is not good enough (a sentence for the error summary), or None if it is.

    ``personal`` holds the account's email address and name, which the password must not contain.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return TOO_SHORT
    lowered = password.lower()
    squashed = re.sub(r"[\s\d\W_]+$", "", lowered)  # "password123!" → "password"
    if lowered in _leaked() or (len(squashed) >= 8 and squashed in _leaked()):
        return COMMON
    words = _personal_words(personal)
    if any(word in lowered for word in words):
        return PERSONAL
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:_SCORED_LENGTH], user_inputs=words)
    if result["score"] < MIN_SCORE:
        return COMMON if "common" in (result["feedback"].get("warning") or "").lower() else GUESSABLE
    return None
