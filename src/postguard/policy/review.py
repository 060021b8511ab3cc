"""§1.A.8 Policy Review: when the policy was last reviewed, when the next review is due, and
whether it is overdue — so a forgotten review shows up in every `check` run.

Dates are calendar dates (YYYY-MM-DD). Months are added with dateutil's relativedelta, which
keeps the day of the month and clips it only where the month is shorter (2026-11-29 + 12
months is 2027-11-29; 2026-01-31 + 1 month is 2026-02-28).
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta

from postguard.errors import PostguardError

TODAY_VARIABLE = "POSTGUARD_TODAY"  # a fixed "today" (YYYY-MM-DD) for tests and for planning ahead


def today() -> dt.date:
    """The date reviews are measured against: $POSTGUARD_TODAY when set, else the system's date."""
    value = os.environ.get(TODAY_VARIABLE, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PostguardError(f"{TODAY_VARIABLE}={value!r} is not a date",
                             fix=f"write it as YYYY-MM-DD, or unset {TODAY_VARIABLE}") from None


def add_months(date: dt.date, months: int) -> dt.date:
    return date + relativedelta(months=months)


def parse_date(value: str) -> dt.date | None:
    """A policy date as written (YYYY-MM-DD), or None when it is missing or not a date."""
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


@dataclass(frozen=True)
class ReviewStatus:
    """Where the policy stands in its review cycle on a given day."""

    version: str
    adopted: str
    last_reviewed: str
    interval_months: int
    owner: str
    next_review: dt.date | None  # None: last_reviewed is missing or not a date
    today: dt.date

    @property
    def overdue_since(self) -> dt.date | None:
        """The day the review fell due, once that day has passed; on the day itself it is only due."""
        return self.next_review if self.next_review and self.next_review < self.today else None


def review_status(meta, on: dt.date | None = None) -> ReviewStatus:
    """The review schedule of a policy's metadata (postguard.policy.types.PolicyMeta)."""
    last = parse_date(meta.last_reviewed)
    return ReviewStatus(version=meta.version, adopted=meta.adopted, last_reviewed=meta.last_reviewed,
                        interval_months=meta.review_interval_months, owner=meta.owner,
                        next_review=add_months(last, meta.review_interval_months) if last else None,
                        today=on or today())


def overdue_notice(policy, on: dt.date | None = None) -> str:
    """One line saying the review is overdue and how to clear it, or "" when it is not."""
    status = review_status(policy.meta, on)
    if status.overdue_since is None:
        return ""
    manifest = next((s for s in reversed(policy.sources) if Path(s).name == "policy.yaml"), "")
    where = f" in {manifest}" if manifest else ""
    return (f"the policy's review is overdue since {status.overdue_since.isoformat()} (last reviewed "
            f"{status.last_reviewed}, reviewed every {status.interval_months} months) — review it, "
            f"then update policy.last_reviewed{where}")
