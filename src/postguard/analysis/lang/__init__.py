"""Languages: every word list and written format that depends on the language, behind one seam.

Each supported language is one module (`english.py`, ...) that builds a `Language`. Code elsewhere
never holds a weekday name, a month, a date order, a street word or an imperative verb: it asks
the draft's language (`analysis.language`) or the policy pack's (`context["language"]`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import import_module
from typing import Callable

from postguard.errors import PostguardError

SUPPORTED = {"en": "english", "es": "spanish"}  # code -> module in this package (english.py, ...)


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    weekdays: dict[str, int]  # every written form (full, abbreviated) -> 0 = Monday
    months: dict[str, int]  # every written form -> 1..12
    weekday_names: tuple[str, ...]  # Monday..Sunday, for messages
    month_names: tuple[str, ...]  # "", January..December, for messages
    date: re.Pattern  # a written date; named groups below (postguard.analysis.temporal)
    numeric_order: str  # "md" (11/29) or "dm" (29/11) for dates written in figures
    time_12h: re.Pattern  # "6 p.m." (groups hour, minute, ampm)
    time_24h: re.Pattern  # "18:30" (groups hour, minute)
    relative_day: re.Pattern  # "today", "tomorrow", "every Monday": a when without a date
    clock_words: re.Pattern  # "noon", "sunset": a time without figures
    imperative: re.Pattern  # an instruction opening a sentence: "Call 311", "Stay indoors"
    address: re.Pattern  # a street address
    place: re.Pattern  # an address, or a name ending in a kind of place ("Westside Community Center")
    generic_nouns: frozenset[str]  # nouns too vague to be a comment's topic
    topic_words: dict[str, str] = field(default_factory=dict)  # "the", "this", "and" for suggest's templates
    plural: Callable[[str], str] = lambda phrase: phrase  # the regular plural of a phrase's last word
    syllables: Callable[[str], int] = lambda word: 1  # for the reading grade


def language(code: str | None) -> Language:
    """The Language for a code ("en"); an unsupported code is a one-line error."""
    code = (code or "en").lower()
    if code not in SUPPORTED:
        raise PostguardError(f"no language module for {code!r}", fix=f"supported: {', '.join(SUPPORTED)}")
    return import_module(f"postguard.analysis.lang.{SUPPORTED[code]}").LANGUAGE
