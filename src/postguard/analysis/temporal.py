"""Dates and times written in a draft: "Sat., Nov. 29", "Saturday, November 29th, 2026", "11/29",
"6 p.m.", "18:30". Found once per draft by the Analysis; the date rules check them.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

WEEKDAYS = {"mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
            "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5,
            "sun": 6, "sunday": 6}
MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
          "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
          "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}

_WEEKDAY = r"(?P<weekday>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+(?:the\s+)?"
_MONTH_DAY = (r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
              r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?")
_DAY_MONTH = (r"(?P<dday>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmonth>"
              + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?:,?\s+(?P<dyear>(?:19|20)\d{2}))?")
_NUMERIC = r"(?P<nmonth>\d{1,2})/(?P<nday>\d{1,2})(?:/(?P<nyear>\d{2}|\d{4}))?(?![/\d])"
DATE = re.compile(rf"\b(?:{_WEEKDAY})?(?:{_MONTH_DAY}|{_DAY_MONTH}|{_NUMERIC})\b", re.IGNORECASE)
# "6 p.m.", "6:30pm", and the British "12.45pm" (never the "45pm" inside it)
TIME_12H = re.compile(r"(?<![\d.:])(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap])\.?\s?m\b\.?",
                      re.IGNORECASE)
TIME_24H = re.compile(r"(?<![\d:/.])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?![\d:]|\s*[ap]\.?\s?m\b)", re.IGNORECASE)


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


def find_dates(text: str) -> list[DateMention]:
    mentions = []
    for m in DATE.finditer(text):
        weekday = WEEKDAYS[m["weekday"].lower()] if m["weekday"] else None
        if m["month"]:
            month, day, year = MONTHS[m["month"].lower()], int(m["day"]), int(m["year"]) if m["year"] else None
        elif m["dmonth"]:
            month, day, year = MONTHS[m["dmonth"].lower()], int(m["dday"]), int(m["dyear"]) if m["dyear"] else None
        else:
            month, day = int(m["nmonth"]), int(m["nday"])
            if not 1 <= month <= 12:  # "15/16" is a budget year or a score, not a US date
                continue
            year = _full_year(m["nyear"]) if m["nyear"] else None
        mentions.append(DateMention(m.start(), m.end(), m.group(), month, day, year, weekday))
    return mentions


def find_times(text: str) -> list[TimeMention]:
    times = [TimeMention(m.start(), m.end(), m.group().strip(), int(m["hour"]), int(m["minute"] or 0), True)
             for m in TIME_12H.finditer(text)]
    times += [TimeMention(m.start(), m.end(), m.group(), int(m["hour"]), int(m["minute"]), False)
              for m in TIME_24H.finditer(text)]
    return sorted(times, key=lambda t: t.start)


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year
