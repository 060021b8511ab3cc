"""Markdown for a pull-request comment: a summary, then a table per draft that has findings."""
from __future__ import annotations

from postguard.results import RunResults
from postguard.report.visible import visible

ICON = {"info": "ℹ️", "warning": "⚠️", "error": "❌", "critical": "🛑"}


def cell(text: str) -> str:
    """Text for one line of Markdown: whitespace collapsed, control characters shown, and the
    characters that make links, emphasis, HTML or table cells escaped."""
    text = visible(" ".join(str(text).split()))
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else _HTML.get(ch, ch) for ch in text)


def code(text: str) -> str:
    """Text inside backticks: a backtick in it cannot end the code span early."""
    text = visible(" ".join(str(text).split())).replace("`", "ˋ")
    return f"`{text}`" if text else ""


_MARKDOWN_SPECIAL = set("\\`*_[]|#!")
_HTML = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def render_markdown(run: RunResults, out) -> None:
    counts = run.summary
    status = ("✅ All drafts pass" if not counts.failed and not counts.errors
              else f"❌ {counts.failed} draft(s) fail the policy")
    out.write(f"## postguard: {status}\n\n")
    out.write(f"{counts.drafts} drafts screened · {counts.passed} passed · "
              f"{counts.failed} failed · {counts.errors} could not be read · fail on {run.fail_on.value}+ · "
              f"policy {cell(run.policy.meta.title)} {run.policy.meta.version}\n\n")
    for verdict in run.verdicts:
        if not verdict.findings:
            continue
        mark = "PASS" if verdict.passed else "FAIL"
        language = f" · {cell(verdict.language_name)}" if verdict.language else ""
        out.write(f"### {mark} {code(verdict.draft.path)}{language}\n\n")
        out.write("| Line | Severity | Rule | Words | Why | Write instead | Policy |\n")
        out.write("| ---: | --- | --- | --- | --- | --- | --- |\n")
        for f in verdict.findings:
            line = f.span.line if f.span else ""
            words = code(f.span.text[:60]).replace("|", "\\|") if f.span and f.span.text else ""
            severity = f"{ICON[f.severity.value]} {f.severity.value}" + (" (waived)" if f.waived else "")
            out.write(f"| {line} | {severity} | {code(f.rule_id)} | {words} | {cell(f.message)} | "
                      f"{cell(f.suggestion)} | {cell(f.policy)} |\n")
        out.write("\n")
    for problem in run.problems:
        out.write(f"- ⛔ could not screen: {cell(problem.message)}\n")
    out.write(f"\n<sub>postguard {run.tool_version} · {cell(run.pipeline)} · {cell(run.classifier)}</sub>\n")
