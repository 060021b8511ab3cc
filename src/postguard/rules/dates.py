"""`dates`: weekdays that do not match their date, and dates or times that cannot exist."""
from __future__ import annotations

import datetime as dt

from postguard.results import Severity
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register

CHECKS = ("weekday", "impossible_date", "impossible_time")


def reference_date(draft) -> dt.date:
    """The date a draft's dates are read against: when it is scheduled, else today."""
    if isinstance(draft.scheduled, dt.datetime):
        return draft.scheduled.date()
    if isinstance(draft.scheduled, dt.date):
        return draft.scheduled
    return dt.date.today()


@register
class Dates(RuleKind):
    name = "dates"
    language_neutral = True
    summary = "a weekday that does not match its date (in the year scheduled), or an impossible date or time"
    params = {"check": Param(str, required=True, doc=f"one of: {', '.join(CHECKS)}", choices=CHECKS),
              "unscheduled_severity": Param(str, doc="severity when the year is only assumed (no year written and "
                                                     "no `scheduled`): the draft may be for another year",
                                            choices=("info", "warning", "error", "critical"))}

    def _unsure_severity(self):
        value = self.spec.params.get("unscheduled_severity")
        return Severity(value) if value else None

    def find(self, analysis):
        check = self.spec.params["check"]
        if check == "impossible_time":
            for t in analysis.times:
                if not t.valid:
                    yield Hit(t.start, t.end, detail=f"{t.text!r} is not a time on the clock")
            return
        reference = reference_date(analysis.draft)
        day_names, month_names = analysis.language.weekday_names, analysis.language.month_names
        assumed_year = analysis.draft.scheduled is None  # no `scheduled`: this year is a guess
        for d in analysis.dates:
            year = d.resolve_year(reference)
            severity = self._unsure_severity() if d.year is None and assumed_year else None
            if check == "impossible_date" and not d.exists(year):
                leap_day = d.month == 2 and d.day == 29  # exists in another year: only sure if the year is
                yield Hit(d.start, d.end, severity=severity if leap_day else None,
                          detail=f"{month_names[d.month]} has no day {d.day} in {year}")
            elif check == "weekday" and d.weekday is not None and d.exists(year):
                actual = dt.date(year, d.month, d.day).weekday()
                if actual != d.weekday:
                    yield Hit(d.start, d.end, severity=severity, detail=f"{month_names[d.month]} {d.day}, {year} is a "
                                                    f"{day_names[actual]}, not a {day_names[d.weekday]}",
                              suggestion=f"Write \"{day_names[actual]}\", or check the date; "
                                         "set 'scheduled' in the front matter if it is for another year.")
