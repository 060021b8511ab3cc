"""`postguard report` on a terminal: a week of drafts in one screen, worst drafts first.

Passing drafts are counted, not listed: a supervisor reads totals and the drafts that need them.
"""
from __future__ import annotations

import os

from rich.columns import Columns
from rich.table import Table
from rich.text import Text

from postguard.period import PeriodSummary, day_of
from postguard.report.lines import make_console
from postguard.results import RunResults

TOP = 8  # rows per breakdown: enough to act on, short enough for one screen
WORST = 10


def render_period(run: RunResults, summary: PeriodSummary, out, *, color: bool | None = None,
                  period: str = "") -> None:
    console = make_console(out, color=color)
    title = f"postguard report{(' — ' + period) if period else ''}"
    console.print(Text(title, "bold"))
    console.print(Text.assemble(
        f"{summary.drafts} drafts screened · ", (f"{summary.pass_rate:.0%} passed", "bold green"),
        f" ({summary.passed}) · ", (f"{summary.failed} failed", "bold red" if summary.failed else ""),
        f" · {summary.errors} could not be screened" if summary.errors else "",
        (f" · policy {run.policy.meta.title} {run.policy.meta.version}", "dim")))
    if run.review_overdue:
        console.print(Text(run.review_overdue, "bold yellow"))
    tables = [
        _table("By severity", summary.by_severity),
        _table("By criterion", summary.by_criterion),
        _table("By rule", summary.by_rule),
        _table("By account", summary.by_account, extra=lambda name: f"{summary.failed_by_account[name]}/"
                                                                    f"{summary.drafts_by_account[name]} failed"),
        _table("By author", summary.by_author),
    ]
    console.print(Columns([t for t in tables if t is not None], equal=False, expand=False))
    if summary.worst:
        worst = Table(title=f"Worst drafts ({min(WORST, len(summary.worst))} of {len(summary.worst)} failing)",
                      title_justify="left", show_edge=False)
        folder = _common_folder([v.draft.location for v in run.verdicts])
        worst.add_column(f"draft (in {folder})" if folder else "draft", overflow="fold")
        for column in ("account", "author", "date", "findings"):
            worst.add_column(column, overflow="fold")
        for verdict in summary.worst[:WORST]:
            draft = verdict.draft
            rules = ", ".join(f"{f.rule_id} ({f.severity.value})" for f in verdict.failing)
            shown = draft.path[len(folder):].lstrip("/") if folder else draft.path
            worst.add_row(shown, draft.account or "", draft.author or "", day_of(verdict), rules)
        console.print(worst)
    for problem in run.problems:
        console.print(Text.assemble(("ERROR ", "bold magenta"), problem.message))


def _common_folder(paths: list[str]) -> str:
    """The folder all the drafts are in, so each is shown by its short name ("" if none)."""
    nested = [p for p in paths if "/" in p]
    if len(nested) < 2 or len(nested) != len(paths):
        return ""
    try:
        common = os.path.commonpath(nested)
    except ValueError:  # absolute and relative paths mixed
        return ""
    return "" if common in paths else common


def _table(title: str, counts, extra=None) -> Table | None:
    if not counts:
        return None
    table = Table(title=title, title_justify="left", show_header=False, show_edge=False, pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    if extra:
        table.add_column(style="dim")
    for name, count in counts.most_common(TOP):
        table.add_row(str(name), str(count), *([extra(name)] if extra else []))
    if len(counts) > TOP:
        table.add_row(f"… {len(counts) - TOP} more", str(sum(n for _, n in counts.most_common()[TOP:])),
                      *([""] if extra else []))
    return table
