"""`postguard report --council`: the period's summary for the executive communication to the
Council (§2), in Markdown, and in HTML made from that Markdown."""
from __future__ import annotations

from pathlib import Path

import jinja2
from markdown_it import MarkdownIt

from postguard.period import NOBODY, PeriodSummary
from postguard.results import RunResults

CRITERION_TITLES = {"true": "True", "helpful": "Helpful", "necessary": "Necessary", "conduct": "Conduct (§1.A.1–4)"}


def _environment(autoescape: bool) -> jinja2.Environment:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                     autoescape=autoescape, trim_blocks=True, lstrip_blocks=True,
                                     undefined=jinja2.StrictUndefined)
    environment.filters["cell"] = _cell
    return environment


def council_markdown(run: RunResults, summary: PeriodSummary, *, period: str = "", next_review: str = "") -> str:
    environment = _environment(autoescape=False)  # Markdown: every value goes through the `cell` filter
    waivers = [{"rule": f.rule_id, "path": v.draft.path, "reason": f.waived.reason, "approved_by": f.waived.approved_by}
               for v in run.verdicts for f in v.findings if f.waived]
    accounts = len([a for a in summary.drafts_by_account if a != NOBODY])
    return environment.get_template("council_summary.md.j2").render(
        run=run, s=summary, period=period, next_review=next_review, waivers=waivers, accounts=accounts,
        criterion_titles=CRITERION_TITLES)


def council_html(markdown: str, title: str) -> str:
    """The Markdown as a plain, printable page; raw HTML in it is shown as text, never run."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return _environment(autoescape=True).get_template("council_summary.html.j2").render(title=title, body=body)


def _cell(value) -> str:
    """Text inside a Markdown table or list: one line, pipes and markup characters escaped."""
    text = " ".join(str(value).split())
    return "".join("\\" + ch if ch in "\\`*_[]|<>#" else ch for ch in text)
