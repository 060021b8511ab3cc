"""The terminal report for people: PASS/FAIL per draft, each finding with its reason and a fix.

This module is the layout only: each line is built once, as segments, and written by a
postguard.report.lines writer — in colour through rich on a terminal, as plain text elsewhere.
"""
from __future__ import annotations

from postguard.results import RunResults
from postguard.results import Criterion, Finding, Severity, Verdict
from postguard.report.lines import line_writer

SEVERITY_STYLE = {Severity.INFO: "blue", Severity.WARNING: "yellow", Severity.ERROR: "red",
                  Severity.CRITICAL: "bold white on red"}
CONTEXT_CHARS = 40  # how much of a long sentence to show on each side of the offending words
INDENT = " " * 10
PASS, FAIL = (" PASS ", "bold black on green"), (" FAIL ", "bold white on red")


def render_terminal(run: RunResults, out, *, color: bool | None = None, quiet: bool = False) -> None:
    """Every draft (only the failing ones with `quiet`), unreadable files, rules not run, the summary."""
    writer = line_writer(out, color)
    for verdict in run.verdicts:
        if not (quiet and verdict.passed):
            _draft(writer, verdict, run.policy)
    _problems(writer, run)
    for reason in run.not_run:
        writer.line(("NOT RUN ", "magenta"), reason)
    _summary(writer, run)


def render_summary(run: RunResults, out, *, color: bool | None = None) -> None:
    """The short form for when the full report goes to a file: failing drafts and the summary."""
    writer = line_writer(out, color)
    for verdict in run.verdicts:
        if not verdict.passed:
            rules = ", ".join(sorted({f.rule_id for f in verdict.failing}))
            writer.line(FAIL, " ", (verdict.draft.path, "bold"), f"  {rules}")
    _problems(writer, run)
    _summary(writer, run)


CRITERION_TITLES = {Criterion.TRUE: "True", Criterion.HELPFUL: "Helpful", Criterion.NECESSARY: "Necessary",
                    Criterion.CONDUCT: "Conduct"}


def _problems(writer, run: RunResults) -> None:
    for problem in run.problems:
        writer.line(("ERROR ", "bold magenta"), problem.message)


def _draft(writer, verdict: Verdict, policy) -> None:
    draft = verdict.draft
    context = " · ".join(x for x in (draft.platform, draft.account, draft.author) if x)
    writer.line(PASS if verdict.passed else FAIL, " ", (draft.path, "bold"), (f"  ({context})" if context else "", "dim"))
    if draft.in_reply_to:
        author = f"{draft.in_reply_to.author}: " if draft.in_reply_to.author else ""
        writer.line(("    replying to ", "dim"), (author + _shorten(draft.in_reply_to.text, 120), "italic dim"))
        _guideline(writer, verdict, policy)
    if not verdict.findings:
        return
    writer.line(*_criteria_line(verdict, policy))
    criteria = verdict.criteria()
    order = sorted(CRITERION_TITLES, key=lambda c: criteria[c])  # failing first, else the resolution's order
    for criterion in order:
        group = [f for f in verdict.findings if f.criterion is criterion]
        if group:
            writer.line((f"    {CRITERION_TITLES[criterion]}", "bold underline"))
            for finding in group:
                _finding(writer, finding)


def _guideline(writer, verdict: Verdict, policy) -> None:
    """The response guideline for the kind of comment answered (§1.A.4), shown above the findings."""
    kind = policy.responses.kind(verdict.comment_kind)
    if kind is None:
        return
    writer.line(("    comment: ", "dim"), (kind.title.lower(), "bold"), (" — guideline: ", "dim"), kind.guideline)
    if kind.escalate_to:
        writer.line(("    escalate to: ", "bold red"), kind.escalate_to)


def _criteria_line(verdict: Verdict, policy) -> list:
    title = policy.content_type_title(verdict.content_type)
    line = [("    type: ", "dim"), title[:1].lower() + title[1:],
            (" (inferred)" if verdict.content_type_inferred else "", "dim")]
    for criterion, ok in verdict.criteria().items():
        line += [" · ", f"{CRITERION_TITLES[criterion]} ", ("pass", "green") if ok else ("FAIL", "bold red")]
    if verdict.language:
        line += [(" · language: ", "dim"), verdict.language_name]
    return line


def _finding(writer, f: Finding) -> None:
    """Three lines a finding: where and what rule; the words in their sentence and why; the fix."""
    where = f"{f.span.line}:{f.span.column}" if f.span else "-"
    writer.line(f"  {where:>6}  ", (f"{f.severity.value:<8}", SEVERITY_STYLE[f.severity]), " ", (f.rule_id, "bold"),
                ("  " + f.policy, "cyan"), (" WAIVED" if f.waived else "", "bold green"))
    words = [*_highlighted(f, writer.plain), " "] if f.span and f.span.text else []
    writer.line(INDENT, *words, f.message)
    writer.line(INDENT, ("→ ", "green"), (f.suggestion, "green"))
    if f.waived:
        writer.line((f"{INDENT}waived: {f.waived.reason} (approved by {f.waived.approved_by})", "green"))


def _highlighted(f: Finding, plain: bool) -> list:
    """The sentence with the offending words marked: colour on a terminal, >>words<< in plain text."""
    sentence, start = f.span.sentence.replace("\n", " "), f.span.start_in_sentence
    end = start + len(f.span.text)
    if len(f.span.text) > 2 * CONTEXT_CHARS:  # a long span (a whole sentence or post): its start only
        return [(f'"{_shorten(f.span.text.replace(chr(10), " "), 2 * CONTEXT_CHARS)}"', "italic")]
    left, middle, right = sentence[:start], sentence[start:end], sentence[end:]
    if len(left) > CONTEXT_CHARS:
        left = "…" + left[-CONTEXT_CHARS:]
    if len(right) > CONTEXT_CHARS:
        right = right[:CONTEXT_CHARS] + "…"
    if plain:
        return [f'"{left}>>{middle}<<{right}"']
    return ['"', left, (middle, "bold red underline"), right, '"']


def _summary(writer, run: RunResults) -> None:
    counts = run.summary
    parts = [f"{counts.drafts} draft{'s' if counts.drafts != 1 else ''}: {counts.passed} passed, {counts.failed} failed"]
    if counts.errors:
        parts.append(f"{counts.errors} could not be screened")
    found = ", ".join(f"{n} {severity}" for severity, n in counts.by_severity.items())
    writer.line("")
    writer.line(("; ".join(parts), "bold red" if counts.failed or counts.errors else "bold green"),
                f" — findings: {found or 'none'}", (f" · fail on {run.fail_on.value}+ · classifier: {run.classifier}", "dim"))
    if run.review_overdue:
        writer.line((f"warning: {run.review_overdue}", "bold yellow"))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
