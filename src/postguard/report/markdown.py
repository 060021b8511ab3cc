"""Markdown for a pull-request comment: a summary, then a table per draft that has findings."""
from __future__ import annotations

from postguard.engine import RunReport

ICON = {"info": "ℹ️", "warning": "⚠️", "error": "❌", "critical": "🛑"}


def cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def render_markdown(run: RunReport, out) -> None:
    failed = sum(not v.passed for v in run.verdicts)
    status = "✅ All drafts pass" if not failed and not run.problems else f"❌ {failed} draft(s) fail the policy"
    out.write(f"## postguard: {status}\n\n")
    out.write(f"{len(run.verdicts) + len(run.problems)} drafts screened · {len(run.verdicts) - failed} passed · "
              f"{failed} failed · {len(run.problems)} could not be read · fail on {run.fail_on.value}+ · "
              f"policy {cell(run.policy.meta.title)} {run.policy.meta.version}\n\n")
    for verdict in run.verdicts:
        if not verdict.findings:
            continue
        mark = "PASS" if verdict.passed else "FAIL"
        out.write(f"### {mark} `{verdict.draft.path}`\n\n")
        out.write("| Line | Severity | Rule | Words | Why | Write instead | Policy |\n")
        out.write("| ---: | --- | --- | --- | --- | --- | --- |\n")
        for f in verdict.findings:
            line = f.span.line if f.span else ""
            words = f"`{cell(f.span.text)[:60]}`" if f.span and f.span.text else ""
            severity = f"{ICON[f.severity.value]} {f.severity.value}" + (" (waived)" if f.waived else "")
            out.write(f"| {line} | {severity} | `{f.rule_id}` | {words} | {cell(f.message)} | "
                      f"{cell(f.suggestion)} | {cell(f.policy)} |\n")
        out.write("\n")
    for problem in run.problems:
        out.write(f"- ⛔ could not screen: {cell(problem.message)}\n")
    out.write(f"\n<sub>postguard {run.tool_version} · {cell(run.pipeline)} · {cell(run.classifier)}</sub>\n")
