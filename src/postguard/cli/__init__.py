"""The command line: parses arguments and wires the parts together; no screening logic here."""
from __future__ import annotations

import functools
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from postguard import __version__
from postguard.errors import PostguardError
from postguard.results import Severity
from postguard.cli.output_file import check_target, write_atomically
from postguard.report import RENDERERS

SEVERITIES = [s.value for s in Severity]
FORMATS = list(RENDERERS)


def one_line_errors(command):
    """A user's mistake becomes one line on stderr and exit 2 — never a traceback. So does a bug
    (with a request to report it; POSTGUARD_DEBUG=1 shows the traceback), and Ctrl-C exits 130."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except PostguardError as exc:
            click.echo(f"postguard: error: {exc.one_line()}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("postguard: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `postguard check … | head`: the reader has all it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            sys.exit(141)  # what a shell reports for a writer stopped by SIGPIPE
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 — the last guard: no traceback ever reaches a user
            if os.environ.get("POSTGUARD_DEBUG"):
                raise
            detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
            click.echo(f"postguard: internal error ({type(exc).__name__}{': ' + detail if detail else ''}) — "
                       "this is a bug in postguard: please report it with the command you ran "
                       "(POSTGUARD_DEBUG=1 shows the details)", err=True)
            sys.exit(2)
    return wrapper


def policy_options(command):
    command = click.option("--rules", "rule_packs", multiple=True, metavar="PATH",
                           help="Another policy pack (file or folder), applied on top of the default one. Repeatable.")(command)
    command = click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
                           help="A postguard config file [default: .postguard.yaml or pyproject.toml [tool.postguard], "
                                "found from the working folder upward].")(command)
    return command


def _load(config_path, rule_packs, **overrides):
    from postguard.config import load_config
    from postguard.policy import load_policy

    loaded = load_config(config_path)
    config = replace(loaded.screen, **{k: v for k, v in overrides.items() if v is not None})
    return load_policy([*loaded.packs, *rule_packs]), config, loaded.max_draft_chars, loaded


def _draft_options(policy, max_chars: int):
    from postguard.inputs import DraftOptions

    return DraftOptions(max_chars=max_chars, content_types=policy.content_type_names)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="postguard")
def main():
    """Screen official City social media drafts against the City's policy before they are posted."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="FILE|DIR|-...")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Report format [default: text; github when GITHUB_ACTIONS is set].")
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE; the terminal still gets a summary.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that fails a draft [default: error].")
@click.option("--changed-since", metavar="REF", help="Only drafts added or changed since this git ref.")
@click.option("--no-cache", is_flag=True, help="Screen every draft afresh; do not read or write the cache.")
@click.option("--ledger", metavar="FILE", help="Append a record of every screening to FILE (see `postguard history`).")
@click.option("--processes", type=click.IntRange(min=1), default=None,
              help="Worker processes for large batches [default: one per core, at most 4].")
@click.option("--spacy-model", default=None, metavar="NAME", help="spaCy pipeline package to load.")
@click.option("--device", type=click.Choice(["cpu", "cuda"]), default=None, help="Where Detoxify runs [default: cpu].")
@click.option("--color/--no-color", default=None, help="Force colour on or off (default: auto; NO_COLOR is honoured).")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules: ids or prefixes (conduct, argue.shouting), comma-separated or repeated.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Leave out these rules: ids or prefixes.")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when drafts fail the policy (2 still means postguard could not do its job).")
@click.option("--quiet", "-q", is_flag=True, help="Text report: only the drafts that fail, and the summary.")
@click.option("--statistics", is_flag=True, help="How often each rule fired, instead of the findings (text or json).")
@click.option("--stdin-filename", metavar="NAME",
              help="The file name the draft read from '-' is reported as (and read as: .md takes front matter).")
@policy_options
@one_line_errors
def check(inputs, fmt, output, fail_on, changed_since, no_cache, ledger, processes, spacy_model, device, color,
          select, ignore, exit_zero, quiet, statistics, stdin_filename, config_path, rule_packs):
    """Screen drafts (.txt, .md with front matter), whole folders, or '-' for stdin.

    Exit 0: every draft passes. 1: at least one draft fails the policy. 2: postguard could not
    do its job (unreadable draft, invalid rules or config, missing model).
    """
    from postguard.inputs import load_drafts
    from postguard.policy.review import overdue_notice
    from postguard.policy.selection import parse_selectors, select_rules
    from postguard.screening.engine import Screener
    from postguard.cli.progress import progress_bar

    policy, config, max_chars, loaded_config = _load(config_path, rule_packs, spacy_model=spacy_model,
                                                     processes=processes, device=device,
                                                     fail_on=Severity(fail_on) if fail_on else None)
    if stdin_filename and "-" not in inputs:
        raise PostguardError("--stdin-filename names the draft read from standard input", where="--stdin-filename",
                             fix="add '-' to the inputs, or leave the option out")
    if statistics and fmt not in (None, "text", "json"):
        raise PostguardError(f"--statistics prints text or json, not {fmt}", where="--statistics",
                             fix="use --format text or --format json with it")
    policy = select_rules(policy, parse_selectors(select) or list(loaded_config.select),
                          parse_selectors(ignore) or list(loaded_config.ignore))
    review_overdue = overdue_notice(policy)  # §1.A.8: said once per run, on stderr and in the report
    if review_overdue:
        click.echo(f"postguard: warning: {review_overdue}", err=True)
    ledger = ledger or loaded_config.ledger
    if no_cache:
        config = replace(config, cache_dir=None)
    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    target = check_target(output, inputs) if output else None  # before screening: never lose a report
    loaded = load_drafts(inputs, changed_since=changed_since, options=_draft_options(policy, max_chars),
                         stdin_name=stdin_filename)
    run = Screener(policy, config).run(loaded.drafts, loaded.problems, progress=progress_bar(len(loaded.drafts)))
    run.review_overdue = review_overdue
    if ledger:
        from postguard.ledger import append

        append(Path(ledger), run)
    render = _renderer(fmt, statistics, quiet)
    if target:
        from postguard.report.terminal import render_summary

        write_atomically(target, lambda out: render(run, out, **({"color": False} if fmt == "text" else {})))
        render_summary(run, sys.stdout, color=color)
    else:
        render(run, sys.stdout, **({"color": color} if fmt == "text" else {}))
    if fmt != "text" or output:  # people watching a machine format still get each unreadable file named
        for problem in run.problems:
            click.echo(f"postguard: error: {problem.message}", err=True)
    sys.exit(0 if exit_zero and run.exit_code == 1 else run.exit_code)


def _renderer(fmt: str, statistics: bool, quiet: bool):
    """The report writer for the options: counts per rule, only the failing drafts, or the format's own."""
    from postguard.report import renderer

    if statistics:
        from postguard.report.statistics import render_statistics

        return lambda run, out, **_: render_statistics(run, out, as_json=fmt == "json")
    if quiet and fmt == "text":
        from postguard.report.terminal import render_terminal

        return lambda run, out, **kw: render_terminal(run, out, quiet=True, **kw)
    return renderer(fmt)


@main.command()
@click.option("--force", is_flag=True, help="Overwrite an existing .postguard.yaml.")
@one_line_errors
def init(force):
    """Write a commented starter .postguard.yaml in the working folder."""
    from postguard.config import write_starter_config

    path = write_starter_config(Path.cwd(), force=force)
    click.echo(f"wrote {path}")


@main.command()
@click.argument("draft", metavar="REPLY.md")
@policy_options
@one_line_errors
def suggest(draft, config_path, rule_packs):
    """The response guideline and de-escalating replies for a reply draft (front matter in_reply_to)."""
    from postguard.inputs import load_drafts
    from postguard.screening.engine import Screener
    from postguard.cli.views import print_suggestion

    policy, config, max_chars, _ = _load(config_path, rule_packs)
    loaded = load_drafts([draft], options=_draft_options(policy, max_chars))
    if loaded.problems:
        raise PostguardError(loaded.problems[0].message)
    reply = loaded.drafts[0]
    if reply.in_reply_to is None:
        raise PostguardError("this draft is not a reply", where=draft,
                             fix="add the resident's comment as 'in_reply_to:' in the front matter")
    print_suggestion(Screener(policy, config).suggestion(reply), reply, sys.stdout)


@main.group()
def rules():
    """List, explain and test the policy's rules."""


@rules.command("list")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@policy_options
@one_line_errors
def rules_list(fmt, config_path, rule_packs):
    """Every rule: id, severity, criterion, policy section."""
    from postguard.cli.views import print_rule_list

    policy, *_ = _load(config_path, rule_packs)
    print_rule_list(policy, sys.stdout, as_json=fmt == "json")


@rules.command("kinds")
@one_line_errors
def rules_kinds():
    """Every rule kind a policy pack may use, with its fields (a Markdown table)."""
    from postguard.cli.views import rule_kinds_markdown

    click.echo(rule_kinds_markdown(), nl=False)


@rules.command("explain")
@click.argument("rule_id")
@policy_options
@one_line_errors
def rules_explain(rule_id, config_path, rule_packs):
    """What a rule checks, why, and its examples."""
    from postguard.cli.views import print_rule_explanation

    policy, *_ = _load(config_path, rule_packs)
    print_rule_explanation(policy, policy.rule(rule_id), sys.stdout)


@rules.command("test")
@click.argument("rule_ids", nargs=-1, metavar="[ID]...")
@policy_options
@one_line_errors
def rules_test(rule_ids, config_path, rule_packs):
    """Run every rule's flag and pass examples; report each example a rule gets wrong."""
    from postguard.screening.engine import Screener
    from postguard.screening.rule_examples import run_examples
    from postguard.cli.views import print_example_results

    policy, config, *_ = _load(config_path, rule_packs)
    for rule_id in rule_ids:
        policy.rule(rule_id)  # an unknown id is a usage error, not an empty pass
    results = run_examples(Screener(policy, replace(config, cache_dir=None)), set(rule_ids) if rule_ids else None)
    ok = print_example_results(results, sys.stdout)
    sys.exit(0 if ok else 1)


@main.group()
def models():
    """List, download, import and verify the toxicity models (models dir: $POSTGUARD_MODELS_DIR)."""


def _store(config_path):
    from postguard.config import load_config
    from postguard.models.store import ModelStore

    return ModelStore(load_config(config_path).screen.models_dir)


@models.command("list")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE")
@one_line_errors
def models_list(config_path):
    """Known models: labels, size, licence, and whether and where each is installed."""
    from postguard.cli.views import print_models

    print_models(_store(config_path), sys.stdout)


@models.command("pull")
@click.argument("name")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE")
@one_line_errors
def models_pull(name, config_path):
    """Download a Detoxify model and its Hugging Face files, verify them, convert to safetensors."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    store = _store(config_path)
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                  transient=False) as bar:
        tasks: dict[str, int] = {}

        def progress(label, done, total):
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        installed = store.pull(name, progress)
    click.echo(f"installed {name} in {installed.folder}: verified, converted to safetensors; "
               f"labels: {', '.join(installed.labels)}")


@models.command("import")
@click.argument("name")
@click.argument("source", type=click.Path(exists=True))
@click.option("--sha256", metavar="HASH", help="The checkpoint's full sha256, checked against a source you trust: "
                                              "pins it (needed for a checkpoint that only loads with a full unpickle).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE")
@one_line_errors
def models_import(name, source, sha256, config_path):
    """Install files copied in by hand (an office without internet), with the same verification."""
    installed = _store(config_path).import_files(name, Path(source), sha256)
    click.echo(f"installed {name} in {installed.folder}: verified, converted to safetensors")


@models.command("verify")
@click.argument("names", nargs=-1)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE")
@one_line_errors
def models_verify(names, config_path):
    """Re-hash every installed model file against the record made at install."""
    store = _store(config_path)
    names = names or [n for n in store.registry if store.registry[n].backend == "detoxify" and store.is_installed(n)]
    if not names:
        click.echo("no Detoxify model is installed; nothing to verify")
        return
    problems = [p for name in names for p in store.verify(name)]
    for problem in problems:
        click.echo(f"postguard: error: {problem}", err=True)
    if problems:
        sys.exit(2)
    click.echo(f"verified: {', '.join(names)}")


# Command groups that live in their own modules: importing them registers them on `main`.
from postguard.cli import policy_commands, report_commands  # noqa: E402,F401
