"""One line per finding, as compilers and ruff's `--output-format concise` print them:

    drafts/a.md:4:9: critical attack.name-calling "idiot": Calls a person or group a name. … (Res. §1.A.3)

Editors (Emacs compile, Vim's quickfix) and CI problem matchers jump to `path:line:col:` lines.
A finding about the whole draft points at the first line of its text, column 1; an unreadable
draft is `path:1:1: error input …`; a waived finding ends in `(waived)`. Like ruff, a count line
("Found 3 findings.") or "All checks passed!" comes last; it has no `path:line:col:` to match.
"""
from __future__ import annotations

from postguard.report.locations import row_of
from postguard.report.visible import visible
from postguard.results import RunResults

_LINE_BREAKS = str.maketrans({"\n": "\u240a", "\u2028": "\u240a", "\u2029": "\u240a"})  # ␊: one finding, one line


def one_line(text: str) -> str:
    """`text` with control characters shown (visible) and line breaks as ␊, so it cannot split a line."""
    return visible(text).translate(_LINE_BREAKS)


def concise_lines(run: RunResults) -> list[str]:
    lines = []
    for verdict in run.verdicts:
        draft = verdict.draft
        for f in verdict.findings:
            line, column = (f.span.line, f.span.column) if f.span else (draft.body_line, 1)
            text = f.span.text.strip() if f.span else ""
            words = f'"{text}": ' if text and len(text) < 80 else ""  # the flagged words, not whole sentences
            waived = " (waived)" if f.waived else ""
            lines.append(one_line(f"{draft.location}:{line}:{column}: {f.severity.value} {f.rule_id} "
                                  f"{words}{f.message} ({f.policy_ref}){waived}"))
    for problem in run.problems:
        file, row = row_of(problem.path)  # a bad row of an export: its own line
        lines.append(one_line(f"{file}:{row or 1}:1: error input {problem.message}"))
    return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def render_concise(run: RunResults, out) -> None:
    lines = concise_lines(run)
    for line in lines:
        out.write(line + "\n")
    for reason in run.not_run:  # no path:line:col:, so editors and problem matchers pass over it
        out.write(one_line(f"postguard: warning: {reason}") + "\n")
    if not lines:
        out.write("All checks passed!\n")
        return
    findings, waived = sum(len(v.findings) for v in run.verdicts), run.summary.waived
    parts = [_count(findings, "finding") + (f" ({waived} waived)" if waived else "")] if findings else []
    if run.problems:
        parts.append(_count(len(run.problems), "unreadable draft"))
    out.write(f"Found {' and '.join(parts)}.\n")
