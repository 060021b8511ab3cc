"""A period at a glance (§1.A.5): a run's findings counted by criterion, rule, account, author,
severity and day — once, for every view a supervisor reads (terminal, HTML, CSV, Council)."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from postguard.results import RunResults, Severity, Verdict

UNDATED = "undated"
NOBODY = "(not given)"


def day_of(verdict: Verdict) -> str:
    scheduled = verdict.draft.scheduled
    if isinstance(scheduled, dt.datetime):
        return scheduled.date().isoformat()
    return scheduled.isoformat() if isinstance(scheduled, dt.date) else UNDATED


@dataclass
class PeriodSummary:
    drafts: int
    passed: int
    failed: int
    errors: int
    by_criterion: Counter = field(default_factory=Counter)  # findings (not waived, info notes left out)
    by_rule: Counter = field(default_factory=Counter)
    by_account: Counter = field(default_factory=Counter)
    by_author: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    failed_by_account: Counter = field(default_factory=Counter)  # drafts that fail, per account
    drafts_by_account: Counter = field(default_factory=Counter)
    days: list[str] = field(default_factory=list)  # the dates of the period that have drafts, in order
    by_day_account: dict = field(default_factory=dict)  # day -> Counter(account -> findings)
    by_day_rule: dict = field(default_factory=dict)  # day -> Counter(rule -> findings)
    worst: list[Verdict] = field(default_factory=list)  # failing drafts, most serious first

    @property
    def pass_rate(self) -> float:
        screened = self.passed + self.failed
        return self.passed / screened if screened else 1.0

    @classmethod
    def of(cls, run: RunResults) -> "PeriodSummary":
        counts = run.summary
        summary = cls(drafts=counts.drafts, passed=counts.passed, failed=counts.failed, errors=counts.errors)
        by_day_account: dict = defaultdict(Counter)
        by_day_rule: dict = defaultdict(Counter)
        for verdict in run.verdicts:
            account = verdict.draft.account or NOBODY
            summary.drafts_by_account[account] += 1
            if not verdict.passed:
                summary.failed_by_account[account] += 1
            day = day_of(verdict)
            by_day_account[day]  # every day with a draft has a column, even a clean one
            for finding in verdict.findings:
                if finding.waived is not None or finding.severity is Severity.INFO:
                    continue
                summary.by_criterion[finding.criterion.value] += 1
                summary.by_rule[finding.rule_id] += 1
                summary.by_account[account] += 1
                summary.by_author[verdict.draft.author or NOBODY] += 1
                summary.by_severity[finding.severity.value] += 1
                by_day_account[day][account] += 1
                by_day_rule[day][finding.rule_id] += 1
        summary.days = sorted(by_day_account, key=lambda d: (d == UNDATED, d))
        summary.by_day_account, summary.by_day_rule = dict(by_day_account), dict(by_day_rule)
        summary.worst = sorted((v for v in run.verdicts if not v.passed), key=_seriousness)
        return summary


def _seriousness(verdict: Verdict):
    """Most severe first, then most failing findings, then path (a stable order)."""
    failing = verdict.failing
    top = max((f.severity.rank for f in failing), default=-1)
    return -top, -len(failing), verdict.draft.path
