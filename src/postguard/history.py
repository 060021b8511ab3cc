"""Repeat findings from the ledger, and the step the policy prescribes for them (§1.A.6-7).

An offence is a draft the ledger recorded as failing, counted once however often it was
screened (by its content hash), at its most severe finding, on the day it was scheduled or
published (else the day it was screened). For each author (or account) and
severity, the offences within the policy's window — counted back from the latest one — give the
count, and the policy's `discipline.steps` the step for that count; `restoration` gives the
restorative actions for the criteria involved. postguard recommends; people decide.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta

from postguard.results import Severity

_RANKED = [Severity.WARNING, Severity.ERROR, Severity.CRITICAL]


@dataclass
class Repeat:
    who: str  # the author, or the account
    severity: Severity
    count: int  # offences of this severity within the window
    first: dt.datetime  # the earliest of them
    latest: dt.datetime
    outside: int  # earlier offences of this severity, outside the window: not counted
    rules: Counter = field(default_factory=Counter)
    step: str = ""
    restoration: list[str] = field(default_factory=list)


def offences(entries: list[dict], by: str = "author") -> dict[str, list[tuple[dt.datetime, Severity, dict]]]:
    """Per author (or account): (time, most severe finding, entry) of each failing draft, once per content."""
    seen: set[tuple[str, str]] = set()
    found: dict[str, list] = {}
    for item in sorted(entries, key=_when):
        if item.get("verdict") != "fail":
            continue
        who = item.get(by) or "(not given)"
        key = (who, item.get("sha256") or item.get("file", ""))
        severities = [Severity(f["severity"]) for f in item["findings"] if f.get("severity") in Severity._value2member_map_]
        ranked = [s for s in severities if s in _RANKED]
        if key in seen or not ranked:
            continue
        seen.add(key)
        found.setdefault(who, []).append((_when(item), max(ranked, key=lambda s: s.rank), item))
    return found


def repeats(entries: list[dict], policy, *, by: str = "author", only: str | None = None,
            since: dt.date | None = None) -> list[Repeat]:
    """Each author's (or account's) offences per severity within the window, with the policy's step."""
    window = relativedelta(months=policy.discipline.window_months)
    result = []
    for who, items in sorted(offences(entries, by).items()):
        if only is not None and who.lower() != only.lower():
            continue
        for severity in reversed(_RANKED):
            times = [(t, item) for t, s, item in items if s is severity]
            if not times:
                continue
            latest = times[-1][0]
            if since is not None and latest.date() < since:
                continue
            inside = [(t, item) for t, item in times if t > latest - window]
            rules = Counter(f["rule"] for _, item in inside for f in item["findings"] if f["severity"] == severity.value)
            criteria = {f["criterion"] for _, item in inside for f in item["findings"] if f.get("criterion")}
            result.append(Repeat(
                who=who, severity=severity, count=len(inside), first=inside[0][0], latest=latest,
                outside=len(times) - len(inside), rules=rules,
                step=policy.discipline.step(severity, len(inside)),
                restoration=[a for criterion in sorted(criteria) for a in policy.restoration.get(criterion, [])]))
    return result


def _when(item: dict) -> dt.datetime:
    """The draft's scheduled (or published) moment, else when it was screened; always timezone-aware."""
    for key in ("scheduled", "time"):
        try:
            value = dt.datetime.fromisoformat(str(item.get(key)))
        except ValueError:
            continue
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    return dt.datetime.min.replace(tzinfo=dt.timezone.utc)
