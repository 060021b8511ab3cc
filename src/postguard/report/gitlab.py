"""GitLab Code Quality report: a JSON array of issues that merge requests show beside the diff.

Severity: info→info, warning→minor, error→major, critical→critical. A waived finding stays in the
report (the waiver is on the record) as `info`, its description saying who approved it. An
unreadable draft is a `major` issue with check_name `input`. Paths are relative to the working
folder (run postguard from the repository root); fingerprints are SARIF's (locations.fingerprint),
so GitLab follows an issue from branch to branch even when lines move.
"""
from __future__ import annotations

import hashlib
import json

from postguard.report.locations import fingerprints, relative_path, row_of
from postguard.results import RunResults

SEVERITY = {"info": "info", "warning": "minor", "error": "major", "critical": "critical"}


def gitlab_issues(run: RunResults) -> list[dict]:
    pairs = [(f, v.draft) for v in run.verdicts for f in v.findings]
    issues = []
    for (f, draft), fingerprint in zip(pairs, fingerprints(run)):
        words = f'"{f.span.text.strip()}": ' if f.span and f.span.text.strip() else ""
        waived = f" (waived: {f.waived.reason}, approved by {f.waived.approved_by})" if f.waived else ""
        issues.append({
            "description": f"{words}{f.message} Write instead: {f.suggestion} ({f.policy}){waived}",
            "check_name": f.rule_id, "fingerprint": fingerprint,
            "severity": "info" if f.waived else SEVERITY[f.severity.value],
            "location": {"path": relative_path(draft.location),
                         "lines": {"begin": f.span.line if f.span else draft.body_line}},
        })
    for problem in run.problems:
        file, row = row_of(problem.path)
        issues.append({
            "description": problem.message, "check_name": "input",
            "fingerprint": hashlib.sha256(f"input\0{problem.path}\0{problem.message}".encode()).hexdigest(),
            "severity": "major", "location": {"path": relative_path(file), "lines": {"begin": row or 1}},
        })
    return issues


def render_gitlab(run: RunResults, out) -> None:
    json.dump(gitlab_issues(run), out, indent=2, ensure_ascii=False)
    out.write("\n")
