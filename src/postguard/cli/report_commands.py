"""`postguard report` (a supervisor's period at a glance) and `postguard history` (repeats, §1.A.6)."""
from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from postguard.cli import SEVERITIES, _draft_options, _load, main, one_line_errors, policy_options
from postguard.cli.output_file import check_target, write_atomically
from postguard.cli.progress import progress_bar
from postguard.errors import PostguardError
from postguard.policy.review import today
from postguard.results import Severity

_RELATIVE = re.compile(r"(\d+)\s*([dwmy])")
FIELDS = ("text", "account", "author", "scheduled", "platform", "type", "in_reply_to", "lang")


def parse_day(text: str, today: dt.date, option: str) -> dt.date:
    """A day: 2026-11-23, or 7d / 2w / 3m / 1y before today, or 'today'."""
    from dateutil.relativedelta import relativedelta

    text = text.strip().lower()
    if text == "today":
        return today
    relative = _RELATIVE.fullmatch(text)
    if relative:
        n, unit = int(relative[1]), relative[2]
        return today - {"d": relativedelta(days=n), "w": relativedelta(weeks=n), "m": relativedelta(months=n),
                        "y": relativedelta(years=n)}[unit]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PostguardError(f"{option} {text!r} is not a date", fix="write e.g. 2026-11-23, 7d, 2w or 3m") from None


def parse_map(values: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """--map text=Message,account=Profile: the export's column for each draft field."""
    pairs = []
    for value in values:
        for item in filter(None, (part.strip() for part in value.split(","))):
            field, _, column = item.partition("=")
            if field not in FIELDS or not column:
                raise PostguardError(f"--map {item!r}: write FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}")
            pairs.append((field, column))
    return tuple(pairs)


def in_period(drafts, since: dt.date | None, until: dt.date | None):
    """(drafts inside the period, how many fell outside it, how many had no date)."""
    if since is None and until is None:
        return list(drafts), 0, 0
    kept, outside, undated = [], 0, 0
    for draft in drafts:
        day = draft.scheduled.date() if isinstance(draft.scheduled, dt.datetime) else draft.scheduled
        if not isinstance(day, dt.date):
            undated += 1
        elif (since and day < since) or (until and day > until):
            outside += 1
        else:
            kept.append(draft)
    return kept, outside, undated


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|DIR...")
@click.option("--since", metavar="DATE", help="Only drafts scheduled (or published) on or after DATE: 2026-11-23, 7d, 2w.")
@click.option("--until", metavar="DATE", help="Only drafts scheduled on or before DATE.")
@click.option("--map", "column_map", multiple=True, metavar="FIELD=COLUMN,...",
              help="Export column names: text=Message,account=Profile,author=Author,scheduled=Date.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Worker processes [default: one per core, at most 4].")
@click.option("--html", "html_path", metavar="FILE", help="Write the period as one self-contained HTML page.")
@click.option("--csv", "csv_path", metavar="FILE", help="Write one row per finding, safe to open in a spreadsheet.")
@click.option("--council", "council_path", metavar="FILE",
              help="Write the summary for the executive communication to the Council (.md, or .html).")
@click.option("--ledger", metavar="FILE", help="Append a record of every screening to FILE (see `postguard history`).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None, help="Lowest severity that fails a draft.")
@click.option("--no-cache", is_flag=True, help="Screen every draft afresh.")
@click.option("--color/--no-color", default=None, help="Force colour on or off.")
@policy_options
@one_line_errors
def report(inputs, since, until, column_map, jobs, html_path, csv_path, council_path, ledger, fail_on, no_cache, color,
           config_path, rule_packs):
    """A period of drafts at a glance, for a supervisor (§1.A.5): totals, findings by criterion, rule,
    account, author and severity, the worst drafts first. Exit codes as for `check`."""
    from postguard.inputs import load_drafts
    from postguard.period import PeriodSummary
    from postguard.screening.engine import Screener

    policy, config, max_chars, loaded_config = _load(config_path, rule_packs, processes=jobs,
                                                     fail_on=Severity(fail_on) if fail_on else None)
    if no_cache:
        config = replace(config, cache_dir=None)
    targets = {name: check_target(path, inputs) for name, path in
               (("html", html_path), ("csv", csv_path), ("council", council_path)) if path}
    day = today()
    start = parse_day(since, day, "--since") if since else None
    end = parse_day(until, day, "--until") if until else None
    options = replace(_draft_options(policy, max_chars), columns=parse_map(column_map))
    loaded = load_drafts(inputs, options=options)
    drafts, outside, undated = in_period(loaded.drafts, start, end)
    if undated:  # never silently: say what was left out and why
        click.echo(f"postguard: note: {undated} draft(s) without a date were left out of the period "
                   "(give them `scheduled:`, or map the export's date column with --map scheduled=COLUMN)", err=True)
    run = Screener(policy, config).run(drafts, loaded.problems, progress=progress_bar(len(drafts)))
    ledger = ledger or loaded_config.ledger
    if ledger:
        from postguard.ledger import append

        append(Path(ledger), run)
    summary = PeriodSummary.of(run)
    period = _period_words(start, end, outside)
    from postguard.report.period_terminal import render_period

    render_period(run, summary, sys.stdout, color=color, period=period)
    _write_views(targets, run, summary, period, policy)
    sys.exit(run.exit_code)


def _write_views(targets: dict, run, summary, period: str, policy) -> None:
    if "html" in targets:
        from postguard.report.period_html import render_period_html

        write_atomically(targets["html"], lambda out: render_period_html(run, summary, out, period=period))
    if "csv" in targets:
        from postguard.report.findings_csv import render_findings_csv

        write_atomically(targets["csv"], lambda out: render_findings_csv(run, out))
    if "council" in targets:
        from postguard.report.council import council_html, council_markdown

        markdown = council_markdown(run, summary, period=period, next_review=_next_review(policy))
        title = f"{policy.meta.title}: monitoring summary {period}".strip()
        page = council_html(markdown, title) if targets["council"].suffix.lower() in (".html", ".htm") else markdown
        write_atomically(targets["council"], lambda out: out.write(page))
    for name, target in targets.items():
        click.echo(f"wrote {target}", err=True)


def _next_review(policy) -> str:
    from postguard.policy.review import review_status

    found = review_status(policy.meta).next_review
    return found.isoformat() if found else ""


def _period_words(start, end, outside: int) -> str:
    if start is None and end is None:
        return ""
    words = f"{start.isoformat() if start else '…'} to {end.isoformat() if end else 'today'}"
    return words + (f" ({outside} drafts outside it left out)" if outside else "")


@main.command()
@click.option("--ledger", metavar="FILE", help="The ledger written by --ledger [default: the config's `ledger`].")
@click.option("--author", metavar="NAME", help="Only this author.")
@click.option("--account", metavar="NAME", help="By account instead of author, only this account.")
@click.option("--since", metavar="DATE", help="Only repeats whose latest finding is on or after DATE (2026-01-01, 3m).")
@policy_options
@one_line_errors
def history(ledger, author, account, since, config_path, rule_packs):
    """Repeat findings within the policy's window and the step the policy prescribes (§1.A.6-7)."""
    from postguard.history import repeats
    from postguard.ledger import read
    from postguard.report.history_view import render_history

    policy, _, _, loaded_config = _load(config_path, rule_packs)
    ledger = ledger or loaded_config.ledger
    if not ledger:
        raise PostguardError("no ledger given", fix="pass --ledger FILE, or set `ledger:` in the config")
    entries = read(Path(ledger))
    for skipped in entries.skipped:
        click.echo(f"postguard: warning: {skipped} — skipped", err=True)
    found = repeats(entries.entries, policy, by="account" if account else "author", only=account or author,
                    since=parse_day(since, today(), "--since") if since else None)
    render_history(found, policy, sys.stdout, by="account" if account else "author")
