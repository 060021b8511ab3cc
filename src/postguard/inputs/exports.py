"""Batches of drafts in one file: rows of a .jsonl or .csv export (a week of drafts, a scheduler export).

Each row needs a `text` field; the front matter fields (platform, account, author, scheduled,
type, in_reply_to, media, links) are read when present, and other columns (ids, dates, counts
that exports carry) are ignored. A row is named `file:line`, and its findings point at that line.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from postguard.inputs.draft import Draft, DraftOptions, InputProblem
from postguard.inputs.front_matter import FRONT_MATTER_KEYS
from postguard.inputs.parse import draft_from_fields
from postguard.inputs.reading import decode_text, read_bounded
from postguard.errors import DraftError


MAX_EXPORT_BYTES = 512 * 1024 * 1024  # a year of every account's drafts fits many times over


def read_export(path: Path, shown_as: str, options: DraftOptions = DraftOptions()) -> tuple[list[Draft], list[InputProblem]]:
    try:
        text = decode_text(read_bounded(path, shown_as, MAX_EXPORT_BYTES), shown_as, MAX_EXPORT_BYTES)
    except DraftError as exc:
        return [], [InputProblem(shown_as, exc.one_line())]
    text_column = dict(options.columns).get("text", "text")
    rows = (_jsonl_rows(text, shown_as) if path.suffix.lower() == ".jsonl"
            else _csv_rows(text, options.max_chars, text_column))
    drafts, problems = [], []
    for line, row, error in rows:
        where = f"{shown_as}:{line}"
        if error:
            problems.append(InputProblem(where, f"{where}: {error}"))
            continue
        row = {**row, **{field: row.get(column) for field, column in options.columns}}  # --map text=Message,...
        body = row.get("text")
        if not isinstance(body, str) or not body.strip():
            problems.append(InputProblem(where, f"{where}: the row has no text — put the post in a 'text' field"))
            continue
        meta = {k: v for k, v in row.items() if k in FRONT_MATTER_KEYS and v not in (None, "")}
        if isinstance(meta.get("scheduled"), str):
            meta["scheduled"] = export_date(meta["scheduled"])  # social tools write dates their own way
        try:
            draft = draft_from_fields(where, body.replace("\r\n", "\n"), line, meta, options)
        except DraftError as exc:
            problems.append(InputProblem(where, exc.one_line()))
            continue
        draft.file = shown_as
        drafts.append(draft)
    return drafts, problems


def _jsonl_rows(text: str, shown_as: str):
    # Lines end at \n only: JSON strings may hold U+2028 and U+2029, which str.splitlines() would split at.
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, None, f"not valid JSON ({exc.msg}, column {exc.colno}) — each line must be one JSON object"
            continue
        except RecursionError:
            yield number, None, "the JSON is nested too deeply — each line must be one flat JSON object"
            continue
        if not isinstance(row, dict):
            yield number, None, "each line must be a JSON object with a 'text' field"
            continue
        yield number, row, None


def _csv_rows(text: str, max_chars: int, text_column: str = "text"):
    # A cell may hold a whole draft: allow past the draft limit (the csv module stops at 131,072),
    # so an over-long draft is reported as one, not as a broken file.
    csv.field_size_limit(max(csv.field_size_limit(), 4 * max_chars))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    line = 1
    try:
        if not reader.fieldnames or text_column not in reader.fieldnames:
            yield 1, None, (f"the CSV header has no {text_column!r} column — name the column that holds the post "
                            "'text', or map it: --map text=COLUMN")
            return
        line = 2  # the row after the header
        for row in reader:
            if None in row:  # more cells than the header has names
                yield line, None, "this row has more cells than the header — check for an unquoted comma"
            else:
                yield line, row, None
            line = reader.line_num + 1
    except csv.Error as exc:
        yield line, None, f"the CSV cannot be read from here on ({exc}) — check the quoting on this row"


def export_date(text: str):
    """An export's date as ISO when it can be read ("11/29/2026 10:00 AM", "Nov 29, 2026"): month first,
    as US social media tools write it. Left as written otherwise, for the front matter check to name."""
    from dateutil import parser

    try:
        return parser.parse(text.strip(), dayfirst=False).isoformat()
    except (ValueError, OverflowError):
        return text
