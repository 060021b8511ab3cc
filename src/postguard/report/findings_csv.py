"""`--csv FILE`: one row per finding, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) would be read as a formula by
Excel, LibreOffice or Google Sheets — a draft could carry `=HYPERLINK(...)` into a supervisor's
spreadsheet. Such cells get a leading apostrophe, which spreadsheets show as text.
"""
from __future__ import annotations

import csv

from postguard.period import day_of
from postguard.results import RunResults

COLUMNS = ("draft", "account", "author", "date", "language", "verdict", "rule", "severity", "criterion", "section",
           "words", "line", "column", "message", "suggestion", "waived_by")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def render_findings_csv(run: RunResults, out) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for verdict in run.verdicts:
        draft = verdict.draft
        for f in verdict.findings:
            span = f.span
            writer.writerow([safe_cell(v) for v in (
                draft.path, draft.account, draft.author, day_of(verdict), (verdict.language or {}).get("code"),
                "pass" if verdict.passed else "fail", f.rule_id, f.severity.value, f.criterion.value, f.policy,
                span.text if span else "", span.line if span else "", span.column if span else "", f.message,
                f.suggestion, f.waived.approved_by if f.waived else "")])
