"""`postguard report --html FILE`: one self-contained page for a supervisor.

Totals, findings by account and by rule over the days of the period (inline SVG), a table of
drafts that sorts and filters (a few lines of inline script; without it the table still reads),
and each failing draft's text with its findings marked, the policy section and the suggestion.
No network: no CDN, no font, no image from anywhere. Every piece of draft text goes through
jinja2's autoescaping.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from postguard.period import PeriodSummary, day_of
from postguard.results import RunResults

PALETTE = ["#1f5fa8", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490", "#a16207", "#4b5563"]
CHART_TOP = 6  # series drawn per chart; the rest are summed as "other"


@dataclass
class Segment:
    text: str
    finding: int | None = None  # index into the draft's findings, for a marked piece


def render_period_html(run: RunResults, summary: PeriodSummary, out, *, period: str = "") -> None:
    template = _environment().get_template("period_report.html.j2")
    out.write(template.render(run=run, s=summary, period=period, charts=[
        _chart("Findings by account, per day", summary.days, summary.by_day_account, summary.by_account),
        _chart("Findings by rule, per day", summary.days, summary.by_day_rule, summary.by_rule)],
        drafts=[_draft(v) for v in sorted(run.verdicts, key=lambda v: (v.passed, v.draft.path))]))


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                              autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _chart(title: str, days: list[str], by_day: dict, totals) -> dict:
    """Stacked bars, one per day, one colour per series (the largest ones; the rest as 'other')."""
    series = [name for name, _ in totals.most_common(CHART_TOP)]
    if len(totals) > CHART_TOP:
        series.append("other")
    width, height, gap = 640, 180, 4
    bar = max((width - gap * len(days)) / max(len(days), 1), 2)
    tallest = max((sum(by_day.get(day, {}).values()) for day in days), default=0) or 1
    bars = []
    for i, day in enumerate(days):
        counts = by_day.get(day, {})
        y = height
        for j, name in enumerate(series):
            value = counts.get(name, 0) if name != "other" else sum(v for k, v in counts.items() if k not in series)
            if not value:
                continue
            h = value / tallest * (height - 20)
            y -= h
            bars.append({"x": round(i * (bar + gap), 1), "y": round(y, 1), "w": round(bar, 1), "h": round(h, 1),
                         "colour": PALETTE[j % len(PALETTE)], "label": f"{day}: {name} {value}"})
    labels = [{"x": round(i * (bar + gap) + bar / 2, 1), "text": day[5:] if day[:2] == "20" else day}
              for i, day in enumerate(days)]
    legend = [{"name": name, "colour": PALETTE[j % len(PALETTE)]} for j, name in enumerate(series)]
    return {"title": title, "width": width, "height": height, "bars": bars, "labels": labels, "legend": legend,
            "tallest": tallest, "empty": not bars}


def _draft(verdict) -> dict:
    draft = verdict.draft
    worst = max((f.severity.rank for f in verdict.failing), default=-1)
    return {"path": draft.path, "account": draft.account or "", "author": draft.author or "",
            "date": day_of(verdict), "language": (verdict.language or {}).get("name", ""),
            "passed": verdict.passed, "worst": worst, "count": len(verdict.findings),
            "findings": verdict.findings, "segments": _segments(draft, verdict.findings),
            "search": " ".join([draft.text, *(f.message for f in verdict.findings)])}  # what the filter reads


def _segments(draft, findings) -> list[Segment]:
    """The draft's text cut into plain and marked pieces, one mark per finding with words."""
    lines = draft.text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)

    def offset(line: int, column: int) -> int | None:
        index = line - draft.body_line
        return starts[index] + column - 1 if 0 <= index < len(lines) else None

    spans = []
    for number, f in enumerate(findings):
        if f.span:
            start, end = offset(f.span.line, f.span.column), offset(f.span.end_line, f.span.end_column)
            if start is not None and end is not None and start < end:
                spans.append((start, end, number))
    segments, cursor = [], 0
    for start, end, number in sorted(spans):
        if start < cursor:
            continue  # overlapping words are marked once, by the first finding
        segments.append(Segment(draft.text[cursor:start]))
        segments.append(Segment(draft.text[start:end], number))
        cursor = end
    segments.append(Segment(draft.text[cursor:]))
    return [s for s in segments if s.text]
