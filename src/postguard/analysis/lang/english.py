"""English: weekdays, months, US date order, times, places, instructions, plurals, syllables."""
from __future__ import annotations

import re

from postguard.analysis.lang import Language

WEEKDAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
            "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
            "sun": 6, "sunday": 6}
MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
          "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
          "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_WEEKDAY = r"(?P<weekday>" + _alternation(WEEKDAYS) + r")\.?,?\s+(?:the\s+)?"
# "Nov. 29", "November 29th, 2026"
_MONTH_DAY = (r"(?P<month>" + _alternation(MONTHS) + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
              r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?")
# "29 November", "29th of November 2026"
_DAY_MONTH = (r"(?P<dday>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmonth>" + _alternation(MONTHS)
              + r")\.?(?:,?\s+(?P<dyear>(?:19|20)\d{2}))?")
# "11/29", "11/29/2026": month first, as the US writes it
_NUMERIC = r"(?P<nfirst>\d{1,2})/(?P<nsecond>\d{1,2})(?:/(?P<nyear>\d{2}|\d{4}))?(?![/\d])"

_STREET = (r"St|Street|Ave|Avenue|Blvd|Boulevard|Rd|Road|Dr|Drive|Ln|Lane|Way|Pl|Place|Ct|Court|Pkwy|Parkway|Loop|"
           r"Trail|Hwy|Highway")
_ADDRESS = r"\b\d{1,5}\s+(?:[A-Z0-9][\w'’.-]*\s){1,3}(?:" + _STREET + r")\b\.?(?:\s+[NS][EW]\b)?"
_PLACE_NOUN = (r"Park|Center|Centre|Library|Hall|Plaza|Pool|Museum|Zoo|Stadium|Field|Theatre|Theater|School|"
               r"Station|Beach|Arena|Church|Campus|Square|BioPark|Gardens?")


def plural(phrase: str) -> str:
    """The regular plural of a phrase's last word. The lemma matcher covers inflections, except
    where the tagger reads a capitalised plural ("Communists") as a proper noun with itself as lemma."""
    if phrase.endswith(("s", "x", "ch", "sh")):
        return phrase + "es"
    if phrase.endswith("y") and len(phrase) > 1 and phrase[-2] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


def syllables(word: str) -> int:
    """A vowel-group count: good enough for a reading grade, no dictionary needed."""
    word = word.lower()
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


LANGUAGE = Language(
    code="en", name="English",
    weekdays=WEEKDAYS, months=MONTHS, weekday_names=WEEKDAY_NAMES, month_names=MONTH_NAMES,
    date=re.compile(rf"\b(?:{_WEEKDAY})?(?:{_MONTH_DAY}|{_DAY_MONTH}|{_NUMERIC})\b", re.IGNORECASE),
    numeric_order="md",
    # "6 p.m.", "6:30pm", and the British "12.45pm" (never the "45pm" inside it)
    time_12h=re.compile(r"(?<![\d.:])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\b\.?",
                        re.IGNORECASE),
    time_24h=re.compile(r"(?<![\d:/.])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?![\d:]|\s*[ap]\.?\s?m\b)", re.IGNORECASE),
    relative_day=re.compile(r"\b(?:today|tonight|tomorrow|this (?:morning|afternoon|evening|weekend)|"
                            r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekdays?|weekends?|daily|"
                            r"until further notice|now|immediately)\b", re.IGNORECASE),
    clock_words=re.compile(r"\b(?:noon|midnight|all day|morning|afternoon|evening|dawn|dusk|sunset|sunrise)\b",
                           re.IGNORECASE),
    imperative=re.compile(r"(?:^|[.!?:]\s+|\n)(?:please\s+)?(?:do\s+not|don'?t|avoid|stay|leave|evacuate|boil|call|"
                          r"use|shelter|move|go|keep|turn|follow|check|report|seek|expect|plan|take|drive|slow|find|"
                          r"sign|bring|register|visit|text|prepare|limit|conserve|remain|lock|close|clear)\b",
                          re.IGNORECASE),
    address=re.compile(_ADDRESS),
    place=re.compile(_ADDRESS + r"|\b(?:[A-Z][\w'’.-]*\s){1,4}(?:" + _PLACE_NOUN + r")\b"),
    generic_nouns=frozenset({"city", "people", "thing", "things", "time", "anyone", "someone", "everyone", "one",
                             "way", "lot", "day", "days", "week", "weeks", "month", "months", "year", "years", "job",
                             "work", "fact", "minutes"}),
    topic_words={"the": "the", "this": "this", "and": "and"},
    plural=plural, syllables=syllables,
)
