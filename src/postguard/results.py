"""What screening produces: findings, a verdict per draft, and the run's results and summary.

The bottom layer: renderers, the cache and the ledger read these and import nothing else of
postguard's. Findings and screenings turn into plain data (and back) here, and only here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING

from postguard import __version__

if TYPE_CHECKING:  # types only: results never import the layers above them
    from postguard.inputs.draft import Draft, InputProblem
    from postguard.policy.types import Policy


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    @property
    def level(self) -> str:
        """The level machine formats use (SARIF's note/warning/error)."""
        return {"info": "note", "warning": "warning"}.get(self.value, "error")

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

    def to_dict(self) -> dict:
        """The finding as plain data: the JSON report's finding object (README), and the cache's."""
        span = self.span
        return {
            "rule_id": self.rule_id, "severity": self.severity.value, "criterion": self.criterion.value,
            "policy_ref": self.policy_ref, "policy_title": self.policy_title,
            "message": self.message, "suggestion": self.suggestion,
            "line": span.line if span else None, "column": span.column if span else None,
            "end_line": span.end_line if span else None, "end_column": span.end_column if span else None,
            "matched_text": span.text if span else None,
            "sentence": span.sentence if span else None, "start_in_sentence": span.start_in_sentence if span else None,
            "score": round(self.score, 4) if self.score is not None else None,
            "waived": {"reason": self.waived.reason, "approved_by": self.waived.approved_by} if self.waived else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        span = None if data.get("line") is None else Span(
            line=data["line"], column=data["column"], end_line=data["end_line"], end_column=data["end_column"],
            text=data["matched_text"] or "", sentence=data.get("sentence") or "",
            start_in_sentence=data.get("start_in_sentence") or 0)
        waived = data.get("waived")
        return cls(rule_id=data["rule_id"], severity=Severity(data["severity"]), criterion=Criterion(data["criterion"]),
                   policy_ref=data["policy_ref"], policy_title=data["policy_title"], message=data["message"],
                   suggestion=data["suggestion"], span=span, score=data.get("score"),
                   waived=Waiver(rule=data["rule_id"], **waived) if waived else None)


@dataclass(frozen=True)
class Screening:
    """What screening one draft produced (cacheable): before waivers and cross-draft checks."""

    findings: list[Finding]
    content_type: str = "other"
    content_type_inferred: bool = True
    comment_kind: str | None = None  # for a reply: the kind of comment it answers
    error: str | None = None  # set when screening this draft failed unexpectedly (never cached)
    language: dict | None = None  # {code, name, how (declared|detected|default), confidence}

    def to_dict(self) -> dict:
        return {"findings": [f.to_dict() for f in self.findings], "content_type": self.content_type,
                "content_type_inferred": self.content_type_inferred, "comment_kind": self.comment_kind,
                "language": self.language}

    @classmethod
    def from_dict(cls, data: dict) -> "Screening":
        return cls(findings=[Finding.from_dict(f) for f in data["findings"]], content_type=data["content_type"],
                   content_type_inferred=data["content_type_inferred"], comment_kind=data["comment_kind"],
                   language=data.get("language"))


@dataclass
class Verdict:
    """The result for one draft: its findings and whether it may be posted."""

    draft: "object"  # postguard.inputs.Draft; typed loosely to keep this module dependency-free
    findings: list[Finding]
    fail_on: Severity = Severity.ERROR
    not_run: list[str] = field(default_factory=list)  # checks that could not run, and why
    content_type: str = "other"
    content_type_inferred: bool = True
    comment_kind: str | None = None
    language: dict | None = None  # the draft's language: {code, name, how, confidence}
    error: str | None = None  # screening this draft failed: it neither passes nor fails the policy

    @property
    def language_name(self) -> str:
        """"Spanish (detected)": the draft's language and how it was known, for reports."""
        if not self.language:
            return ""
        return f"{self.language['name']} ({self.language['how']})"

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


@dataclass(frozen=True)
class Summary:
    """The run's counts, computed once for every renderer."""

    drafts: int
    passed: int
    failed: int
    errors: int
    by_severity: dict[str, int]  # every finding, most severe first (waived ones too: see `waived`)
    waived: int
    exit_code: int


@dataclass
class RunResults:
    """Everything a renderer needs about one run; renderers never run rules or models."""

    verdicts: list[Verdict]
    problems: list["InputProblem"]
    policy: "Policy"
    pipeline: str
    classifier: str
    fail_on: Severity
    not_run: list[str] = field(default_factory=list)  # checks that could not run in this run
    tool_version: str = __version__
    review_overdue: str = ""  # §1.A.8: a one-line notice when the policy's review is overdue, else ""

    @property
    def exit_code(self) -> int:
        if self.problems:
            return 2
        if self.review_overdue and Severity.WARNING.at_least(self.fail_on):
            return 1  # `--fail-on warning` makes an overdue review fail the run, as CI may want
        return 0 if all(v.passed for v in self.verdicts) else 1

    @cached_property
    def summary(self) -> Summary:
        failed = sum(not v.passed for v in self.verdicts)
        findings = [f for v in self.verdicts for f in v.findings]
        severities = Counter(f.severity.value for f in findings)
        return Summary(drafts=len(self.verdicts) + len(self.problems), passed=len(self.verdicts) - failed,
                       failed=failed, errors=len(self.problems),
                       by_severity={s.value: severities[s.value] for s in reversed(_SEVERITY_ORDER) if severities[s.value]},
                       waived=sum(f.waived is not None for f in findings), exit_code=self.exit_code)
