"""`postguard policy ...`: the policy itself, for people and for the Council."""
from __future__ import annotations

import click

from postguard.cli import _load, main, one_line_errors, policy_options
from postguard.cli.output_file import check_target, write_atomically


@main.group()
def policy():
    """The policy itself, for people: the public Transparency page (§1.B)."""


@policy.command("show")
@click.option("--format", "fmt", type=click.Choice(["markdown", "html"]), default="markdown", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the page to FILE instead of the terminal.")
@policy_options
@one_line_errors
def policy_show(fmt, output, config_path, rule_packs):
    """The policy as a public page, rendered from the same YAML the checks run on."""
    from postguard.report.policy_page import policy_html, policy_markdown

    target = check_target(output) if output else None
    loaded, *_ = _load(config_path, rule_packs)
    page = policy_html(loaded) if fmt == "html" else policy_markdown(loaded)
    if target:
        write_atomically(target, lambda out: out.write(page))
        click.echo(f"wrote {output}")
    else:
        click.echo(page, nl=False)
