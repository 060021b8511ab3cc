"""`postguard policy ...` (the policy itself, for people and for the Council) and `rules docs`."""
from __future__ import annotations

import sys

import click

from postguard.cli import _load, main, one_line_errors, policy_options, rules
from postguard.cli.output_file import check_target, write_atomically
from postguard.errors import PostguardError


@main.group()
def policy():
    """The policy itself: the public Transparency page (§1.B), its review (§1.A.8), lint and diff."""


def _emit(text: str, output: str | None) -> None:
    """To the terminal, or to a file written whole or not at all."""
    if output:
        write_atomically(check_target(output), lambda out: out.write(text))
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@policy.command("show")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown", show_default=True)
@click.option("--lang", default="en", show_default=True, metavar="CODE",
              help="The language of the page's own words: en or es (rules written in it come first).")
@click.option("--output", "-o", metavar="FILE", help="Write the page to FILE instead of the terminal.")
@policy_options
@one_line_errors
def policy_show(fmt, lang, output, config_path, rule_packs):
    """The policy as a public page, rendered from the same YAML the checks run on."""
    from postguard.policy.review import review_status
    from postguard.report.policy_page import LANGUAGES, transparency_page

    if lang not in LANGUAGES:
        raise PostguardError(f"--lang {lang}: the page has no words in that language",
                             fix=f"use one of: {', '.join(LANGUAGES)}")
    if output:
        check_target(output)  # before any work: a wrong folder is one line, not a lost page
    loaded, *_ = _load(config_path, rule_packs)
    _emit(transparency_page(loaded, review_status(loaded.meta), fmt=fmt, lang=lang), output)


@policy.command("status")
@policy_options
@one_line_errors
def policy_status(config_path, rule_packs):
    """Version, adoption and review dates, and whether the review is overdue (§1.A.8)."""
    from postguard.policy.review import review_status

    loaded, *_ = _load(config_path, rule_packs)
    status = review_status(loaded.meta)
    due = (status.next_review.isoformat() if status.next_review else
           f"unknown: last_reviewed {status.last_reviewed!r} is not a date" if status.last_reviewed else "not scheduled")
    rows = [("policy", f"{loaded.meta.title} ({loaded.meta.id})"), ("version", status.version),
            ("adopted", status.adopted or "not recorded"), ("last reviewed", status.last_reviewed or "not recorded"),
            ("next review", f"{due} (every {status.interval_months} months)"), ("owner", status.owner or "not recorded")]
    if status.overdue_since:
        rows.append(("review", f"OVERDUE since {status.overdue_since.isoformat()}"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        click.echo(f"{name + ':':<{width + 1}} {value}")


@policy.command("lint")
@policy_options
@one_line_errors
def policy_lint(config_path, rule_packs):
    """Every problem in the policy pack, one line each with file, line and field.

    Exit 0: clean. 1: problems found. 2: a pack cannot be read.
    """
    from postguard.config import load_config
    from postguard.screening.policy_lint import lint_policy

    loaded = load_config(config_path)
    problems = lint_policy([*loaded.packs, *rule_packs], loaded.screen)
    for problem in problems:
        click.echo(problem.one_line())
    click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "policy lint: clean",
               err=bool(problems))
    sys.exit(1 if problems else 0)


@policy.command("diff")
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the comparison to FILE instead of the terminal.")
@one_line_errors
def policy_diff(old, new, fmt, output):
    """What changed between two versions of the policy (each a pack folder or file), for the
    executive communication to the Council (§2)."""
    from postguard.policy.diff import diff_policies, load_side
    from postguard.report.policy_page import policy_diff as render_diff

    if output:
        check_target(output)
    _emit(render_diff(diff_policies(load_side(old), load_side(new), old, new), fmt), output)


@rules.command("docs")
@click.option("--output", "-o", metavar="FILE", help="Write the reference to FILE instead of the terminal.")
@policy_options
@one_line_errors
def rules_docs(output, config_path, rule_packs):
    """Reference documentation (Markdown) for every rule, written from the rules' own YAML."""
    from postguard.report.policy_page import rules_reference
    from postguard.rules import rule_kind

    if output:
        check_target(output)
    loaded, *_ = _load(config_path, rule_packs)
    summaries = {rule.kind: rule_kind(rule.kind).summary for rule in loaded.rules}
    _emit(rules_reference(loaded, summaries), output)
