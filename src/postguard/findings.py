"""What the rules produce: findings, grouped into a verdict per draft."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    def at_least(self, other: "Severity") -> bool:
        return self.rank >= other.rank


_SEVERITY_ORDER = [Severity.INFO, Severity.WARNING, Severity.ERROR, Severity.CRITICAL]


class Criterion(str, Enum):
    """The resolution's test (true, helpful, necessary) plus conduct (§1.A.1-3)."""

    TRUE = "true"
    HELPFUL = "helpful"
    NECESSARY = "necessary"
    CONDUCT = "conduct"


@dataclass(frozen=True)
class Span:
    """Where a finding sits in the draft file: 1-based line and column, and the words."""

    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    sentence: str = ""
    start_in_sentence: int = 0


@dataclass(frozen=True)
class Waiver:
    """An approved exception for one rule on one draft, written in the draft's front matter."""

    rule: str
    reason: str
    approved_by: str


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    criterion: Criterion
    policy_ref: str
    policy_title: str
    message: str
    suggestion: str
    span: Span | None
    score: float | None = None  # classifier findings carry the score that triggered them
    waived: Waiver | None = None  # a waived finding is still reported, but does not fail the draft

    @property
    def policy(self) -> str:
        return f"{self.policy_ref} {self.policy_title}".strip()


@dataclass(frozen=True)
class Screening:
    """What screening one draft produced (cacheable): before waivers and cross-draft checks."""

    findings: list[Finding]
    content_type: str = "other"
    content_type_inferred: bool = True
    comment_kind: str | None = None  # for a reply: the kind of comment it answers
    error: str | None = None  # set when screening this draft failed unexpectedly (never cached)


@dataclass
class Verdict:
    """The result for one draft: its findings and whether it may be posted."""

    draft: "object"  # postguard.drafts.Draft; typed loosely to keep this module dependency-free
    findings: list[Finding]
    fail_on: Severity = Severity.ERROR
    not_run: list[str] = field(default_factory=list)  # checks that could not run, and why
    content_type: str = "other"
    content_type_inferred: bool = True
    comment_kind: str | None = None
    error: str | None = None  # screening this draft failed: it neither passes nor fails the policy

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if f.severity.at_least(self.fail_on) and f.waived is None]

    @property
    def passed(self) -> bool:
        return self.error is None and not self.failing

    def criteria(self) -> dict[Criterion, bool]:
        """Each criterion passes unless a failing finding belongs to it."""
        failed = {f.criterion for f in self.failing}
        return {c: c not in failed for c in Criterion}
