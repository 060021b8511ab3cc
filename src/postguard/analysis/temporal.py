"""Dates and times written in a draft, in the draft's language (postguard.analysis.lang):
found once per draft by the Analysis; the date rules check them.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from postguard.analysis.lang import Language


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    month: int
    day: int
    year: int | None  # written in the draft, or None
    weekday: int | None  # 0 = Monday, as written in the draft

    def resolve_year(self, reference: dt.date) -> int:
        """The year meant: as written, else the next occurrence on or after ~2 months before `reference`."""
        if self.year:
            return self.year
        for year in (reference.year - 1, reference.year, reference.year + 1):
            if self.exists(year) and dt.date(year, self.month, self.day) >= reference - dt.timedelta(days=60):
                return year
        return reference.year

    def exists(self, year: int) -> bool:
        return 1 <= self.month <= 12 and 1 <= self.day <= calendar.monthrange(year, self.month)[1]


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    text: str
    hour: int
    minute: int
    twelve_hour: bool

    @property
    def valid(self) -> bool:
        if self.minute > 59:
            return False
        return 1 <= self.hour <= 12 if self.twelve_hour else self.hour <= 24 and not (self.hour == 24 and self.minute)


def find_dates(text: str, language: Language) -> list[DateMention]:
    mentions = []
    for match in language.date.finditer(text):
        m = match.groupdict()  # a language's pattern names only the groups its formats use
        weekday = language.weekdays[_key(m["weekday"])] if m.get("weekday") else None
        if m.get("month"):
            month, day, year = language.months[_key(m["month"])], int(m["day"]), int(m["year"]) if m["year"] else None
        elif m.get("dmonth"):
            month, day = language.months[_key(m["dmonth"])], int(m["dday"])
            year = int(m["dyear"]) if m["dyear"] else None
        else:
            first, second = int(m["nfirst"]), int(m["nsecond"])
            month, day = (first, second) if language.numeric_order == "md" else (second, first)
            if not 1 <= month <= 12:  # "15/16" is a budget year or a score, not a date
                continue
            year = _full_year(m["nyear"]) if m["nyear"] else None
        mentions.append(DateMention(match.start(), match.end(), match.group(), month, day, year, weekday))
    return mentions


def find_times(text: str, language: Language) -> list[TimeMention]:
    times = [TimeMention(m.start(), m.end(), m.group().strip(), int(m["hour"]), int(m["minute"] or 0), True)
             for m in language.time_12h.finditer(text)]
    times += [TimeMention(m.start(), m.end(), m.group(), int(m["hour"]), int(m["minute"]), False)
              for m in language.time_24h.finditer(text)]
    return sorted(times, key=lambda t: t.start)


def _key(word: str) -> str:
    """A written weekday or month as the language's tables list it: lower case, accents kept."""
    return word.lower().rstrip(".")


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year
