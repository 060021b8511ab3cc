"""The policy as a public page (§1.B Transparency): rendered from the same YAML the rules run on.

Markdown or a self-contained HTML page: the policy's purpose and review schedule (§1.A.8),
what each section asks and the checks that enforce it, what each severity means for discipline
and restoration (§1.A.6–7), and how the City answers residents' comments (§1.A.4).
"""
from __future__ import annotations

import datetime as dt
import html

from postguard.results import Severity


def next_review(meta) -> dt.date | None:
    try:
        last = dt.date.fromisoformat(meta.last_reviewed)
    except ValueError:
        return None
    month = last.month - 1 + meta.review_interval_months
    year, month = last.year + month // 12, month % 12 + 1
    return last.replace(year=year, month=month, day=min(last.day, 28))


def policy_markdown(policy, today: dt.date | None = None) -> str:
    meta, today = policy.meta, today or dt.date.today()
    due = next_review(meta)
    lines = [f"# {meta.title}", "",
             f"Version {meta.version} · adopted {meta.adopted or 'not recorded'} · last reviewed "
             f"{meta.last_reviewed or 'not recorded'} · reviewed every {meta.review_interval_months} months"
             + (f" · next review due {due.isoformat()}" + (" (**overdue**)" if due < today else "") if due else ""),
             "", f"Source: {meta.source}" if meta.source else "", f"Owner: {meta.owner}" if meta.owner else "", "",
             "Every post on an official City account must be **true, helpful and necessary**; a post that does "
             "not meet all three is not made public. Each draft is screened against the checks below before it "
             "is posted.", ""]
    for ref, section in policy.sections.items():
        rules = [r for r in policy.enabled_rules if r.section == ref]
        if not rules and not section.text:
            continue
        lines += [f"## {section.citation} {section.title}", "", section.text, ""]
        for rule in rules:
            example = rule.examples["flag"][0]
            example = example if isinstance(example, str) else example["text"]
            lines.append(f"- **{rule.title}** ({rule.severity.value}): {rule.message} "
                         f"*Instead:* {rule.suggestion} *For example, this is flagged:* “{example}”")
        lines.append("")
    lines += ["## What each severity means", "", "| severity | meaning | discipline | restoration |",
              "| --- | --- | --- | --- |"]
    for severity in Severity:
        meaning = policy.severities.get(severity)
        if meaning:
            lines.append(f"| {severity.value} | {meaning.meaning} | {meaning.discipline} | {meaning.restoration} |")
    lines += ["", "## How we answer comments", ""]
    for kind in policy.responses.kinds:
        extra = f" Escalated to {kind.escalate_to}." if kind.escalate_to else ""
        lines.append(f"- **{kind.title}**: {kind.guideline}{extra}")
    if meta.transparency_url:
        lines += ["", f"Feedback on this policy, or a post you think breaks it: {meta.transparency_url}"]
    return "\n".join(lines) + "\n"


def policy_html(policy, today: dt.date | None = None) -> str:
    """A self-contained page: the Markdown structure as HTML, every value escaped."""
    body = []
    block = None  # the list or table the previous line was in
    for line in policy_markdown(policy, today).splitlines() + [""]:
        line_block = "ul" if line.startswith("- ") else "table" if line.startswith("| ") else None
        if line_block != block:
            body += ([f"</{block}>"] if block else []) + ([f"<{line_block}>"] if line_block else [])
            block = line_block
        if line.startswith("# "):
            body.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("## "):
            body.append(f"<h2>{_inline(line[3:])}</h2>")
        elif line.startswith("- "):
            body.append(f"<li>{_inline(line[2:])}</li>")
        elif line.startswith("| ---"):
            continue
        elif line.startswith("| "):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            tag = "th" if cells[0] == "severity" else "td"
            body.append("<tr>" + "".join(f"<{tag}>{_inline(c)}</{tag}>" for c in cells) + "</tr>")
        elif line:
            body.append(f"<p>{_inline(line)}</p>")
    title = html.escape(policy.meta.title)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>"
            "<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;line-height:1.5;padding:0 1rem}"
            "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .5rem;vertical-align:top}"
            "</style></head><body>\n" + "\n".join(b for b in body if b) + "\n</body></html>\n")


def _inline(text: str) -> str:
    """Escape, then turn **bold** and *italic* into tags."""
    import re

    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
