"""GitHub Actions workflow commands: one annotation per finding, inside a collapsible group.

GitHub shows at most 10 annotations of each type per step, so a summary line always follows.
"""
from __future__ import annotations

from postguard.results import RunResults

COMMAND = {"note": "notice", "warning": "warning", "error": "error"}  # a severity's level -> GitHub's command


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(command: str, message: str, **properties) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{command} {props}::{escape_data(message)}" if props else f"::{command}::{escape_data(message)}"


def render_github(run: RunResults, out) -> None:
    out.write("::group::postguard findings\n")
    for verdict in run.verdicts:
        for f in verdict.findings:
            span = f.span
            state = " (waived)" if f.waived else ""
            words = f' "{span.text}"' if span and span.text and len(span.text) < 80 else ""
            out.write(annotation(
                "notice" if f.waived else COMMAND[f.severity.level],
                f"{f.message}{words}\nWrite instead: {f.suggestion}\n{f.policy}",
                file=verdict.draft.location, line=span.line if span else verdict.draft.body_line,
                col=span.column if span else None,
                endLine=span.end_line if span else None, endColumn=span.end_column if span else None,
                title=f"{f.severity.value} {f.rule_id}{state}") + "\n")
    for problem in run.problems:
        out.write(annotation("error", problem.message, file=problem.path, title="postguard could not read") + "\n")
    out.write("::endgroup::\n")
    counts = run.summary
    out.write(f"postguard: {counts.drafts} drafts, {counts.passed} passed, {counts.failed} failed, "
              f"{counts.errors} unreadable; {sum(counts.by_severity.values())} findings "
              f"(fail on {run.fail_on.value}+). GitHub shows at most 10 annotations of each type: "
              f"see the full list above or in the SARIF upload.\n")
