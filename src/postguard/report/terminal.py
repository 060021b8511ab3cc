"""The terminal report for people: PASS/FAIL per draft, each finding with its reason and a fix."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from postguard.results import RunResults
from postguard.results import Criterion, Finding, Severity, Verdict
from postguard.report.visible import visible

SEVERITY_STYLE = {Severity.INFO: "blue", Severity.WARNING: "yellow", Severity.ERROR: "red",
                  Severity.CRITICAL: "bold white on red"}
CONTEXT_CHARS = 40  # how much of a long sentence to show on each side of the offending words
INDENT = " " * 10


class SafeConsole(Console):
    """A rich Console that shows control characters in what it prints as visible symbols
    (postguard.report.visible); rich's own colour codes are added after, so they still work."""

    def print(self, *objects, **kwargs) -> None:
        super().print(*(_visible(o) for o in objects), **kwargs)


def _visible(renderable):
    if isinstance(renderable, str):
        return visible(renderable)
    if isinstance(renderable, Text) and visible(renderable.plain) != renderable.plain:
        copy = renderable.copy()
        copy.plain = visible(renderable.plain)  # one symbol per character: the styles' spans still fit
        return copy
    return renderable


def make_console(out, *, color: bool | None = None) -> Console:
    """Colour only on a terminal and only without NO_COLOR (rich reads NO_COLOR itself)."""
    console = SafeConsole(file=out, highlight=False, emoji=False, markup=False,  # user text may hold [brackets]
                          no_color=None if color is None else not color, force_terminal=color)
    if not console.is_terminal:  # logs and pipes get whole lines and wide tables, not 80-column wraps
        console.soft_wrap = True
        console.width = max(console.width, 160)
    return console


def render_terminal(run: RunResults, out, *, color: bool | None = None) -> None:
    console = make_console(out, color=color)
    plain = console.no_color or console.color_system is None
    for verdict in run.verdicts:
        _draft(console, verdict, plain, run.policy)
    for problem in run.problems:
        console.print(Text.assemble(("ERROR ", "bold magenta"), problem.message))
    for reason in run.not_run:
        console.print(Text.assemble(("NOT RUN ", "magenta"), reason))
    console.print(_summary(run))


def render_summary(run: RunResults, out, *, color: bool | None = None) -> None:
    """The short form for when the full report goes to a file: failing drafts and the summary."""
    console = make_console(out, color=color)
    for verdict in run.verdicts:
        if not verdict.passed:
            rules = ", ".join(sorted({f.rule_id for f in verdict.failing}))
            console.print(Text.assemble((" FAIL ", "bold white on red"), " ", (verdict.draft.path, "bold"), f"  {rules}"))
    for problem in run.problems:
        console.print(Text.assemble(("ERROR ", "bold magenta"), problem.message))
    console.print(_summary(run))


CRITERION_TITLES = {Criterion.TRUE: "True", Criterion.HELPFUL: "Helpful", Criterion.NECESSARY: "Necessary",
                    Criterion.CONDUCT: "Conduct"}


def _draft(console: Console, verdict: Verdict, plain: bool, policy) -> None:
    draft = verdict.draft
    status = Text(" PASS ", "bold black on green") if verdict.passed else Text(" FAIL ", "bold white on red")
    context = " · ".join(x for x in (draft.platform, draft.account, draft.author) if x)
    console.print(Text.assemble(status, " ", (draft.path, "bold"), (f"  ({context})" if context else "", "dim")))
    if draft.in_reply_to:
        author = f"{draft.in_reply_to.author}: " if draft.in_reply_to.author else ""
        console.print(Text.assemble(("    replying to ", "dim"), (author + _shorten(draft.in_reply_to.text, 120),
                                                                 "italic dim")))
        _guideline(console, verdict, policy)
    if not verdict.findings:
        return
    console.print(_criteria_line(verdict, policy))
    criteria = verdict.criteria()
    order = sorted(CRITERION_TITLES, key=lambda c: criteria[c])  # failing first, else the resolution's order
    for criterion in order:
        title = CRITERION_TITLES[criterion]
        group = [f for f in verdict.findings if f.criterion is criterion]
        if group:
            console.print(Text(f"    {title}", "bold underline"))
            for finding in group:
                _finding(console, finding, plain)


def _guideline(console: Console, verdict: Verdict, policy) -> None:
    """The response guideline for the kind of comment answered (§1.A.4), shown above the findings."""
    kind = policy.responses.kind(verdict.comment_kind)
    if kind is None:
        return
    console.print(Text.assemble(("    comment: ", "dim"), (kind.title.lower(), "bold"), (" — guideline: ", "dim"),
                                kind.guideline))
    if kind.escalate_to:
        console.print(Text.assemble(("    escalate to: ", "bold red"), kind.escalate_to))


def _criteria_line(verdict: Verdict, policy) -> Text:
    title = policy.content_type_title(verdict.content_type)
    kind = title[:1].lower() + title[1:]
    line = Text.assemble(("    type: ", "dim"), kind, (" (inferred)" if verdict.content_type_inferred else "", "dim"))
    for criterion, ok in verdict.criteria().items():
        line.append(" · ")
        line.append(f"{CRITERION_TITLES[criterion]} ")
        line.append("pass" if ok else "FAIL", "green" if ok else "bold red")
    if verdict.language:
        line.append_text(Text.assemble((" · language: ", "dim"), verdict.language_name))
    return line


def _finding(console: Console, f: Finding, plain: bool) -> None:
    """Three lines a finding: where and what rule; the words in their sentence and why; the fix."""
    where = f"{f.span.line}:{f.span.column}" if f.span else "-"
    console.print(Text.assemble(
        f"  {where:>6}  ", (f"{f.severity.value:<8}", SEVERITY_STYLE[f.severity]), " ", (f.rule_id, "bold"),
        ("  " + f.policy, "cyan"), (" WAIVED" if f.waived else "", "bold green")))
    why = Text(INDENT)
    if f.span and f.span.text:
        why.append_text(_highlighted(f, plain))
        why.append(" ")
    why.append(f.message)
    console.print(why)
    console.print(Text.assemble(INDENT, ("→ ", "green"), (f.suggestion, "green")))
    if f.waived:
        console.print(Text(f"{INDENT}waived: {f.waived.reason} (approved by {f.waived.approved_by})", "green"))


def _highlighted(f: Finding, plain: bool) -> Text:
    """The sentence with the offending words marked: colour on a terminal, >>words<< in plain text."""
    sentence, start = f.span.sentence.replace("\n", " "), f.span.start_in_sentence
    end = start + len(f.span.text)
    if len(f.span.text) > 2 * CONTEXT_CHARS:  # a long span (a whole sentence or post): its start only
        return Text(f'"{_shorten(f.span.text.replace(chr(10), " "), 2 * CONTEXT_CHARS)}"', "italic")
    left, middle, right = sentence[:start], sentence[start:end], sentence[end:]
    if len(left) > CONTEXT_CHARS:
        left = "…" + left[-CONTEXT_CHARS:]
    if len(right) > CONTEXT_CHARS:
        right = right[:CONTEXT_CHARS] + "…"
    if plain:
        return Text(f'"{left}>>{middle}<<{right}"')
    return Text.assemble('"', left, (middle, "bold red underline"), right, '"')


def _summary(run: RunResults) -> Text:
    counts = run.summary
    parts = [f"{counts.drafts} draft{'s' if counts.drafts != 1 else ''}: {counts.passed} passed, {counts.failed} failed"]
    if counts.errors:
        parts.append(f"{counts.errors} could not be screened")
    found = ", ".join(f"{n} {severity}" for severity, n in counts.by_severity.items())
    return Text.assemble(
        ("\n" + "; ".join(parts), "bold red" if counts.failed or counts.errors else "bold green"),
        f" — findings: {found or 'none'}", (f" · fail on {run.fail_on.value}+ · classifier: {run.classifier}", "dim"),
        (f"\nwarning: {run.review_overdue}" if run.review_overdue else "", "bold yellow"))


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
