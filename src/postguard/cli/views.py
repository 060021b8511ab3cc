"""Printing the policy's rules for people: list, explain, and example test results."""
from __future__ import annotations

import json

from rich.table import Table
from rich.text import Text

from postguard.report.lines import make_console
from postguard.rules import rule_kind


def rule_kinds_markdown() -> str:
    """The table of rule kinds and their fields, written from the kinds themselves (README embeds it)."""
    from postguard.rules import RULE_KINDS

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = ["| kind | fields | matches |", "| --- | --- | --- |"]
    for name, kind in RULE_KINDS.items():
        fields = []
        for key, param in kind.params.items():
            choices = f" ({cell('|'.join(map(str, param.choices)))})" if param.choices else ""
            fields.append(f"`{key}`{choices}" + (" *(required)*" if param.required else ""))
        rows.append(f"| `{name}` | {', '.join(fields)} | {cell(kind.summary)} |")
    return "\n".join(rows) + "\n"


def print_rule_list(policy, out, *, as_json: bool = False) -> None:
    if as_json:
        rows = [{"id": r.id, "title": r.title, "kind": r.kind, "severity": r.severity.value,
                 "criterion": r.criterion.value, "policy_ref": policy.section(r.section).citation,
                 "policy_title": policy.section(r.section).title, "enabled": r.enabled, "source": r.source}
                for r in policy.rules]
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    console = make_console(out)
    table = Table(title=f"{policy.meta.title} — version {policy.meta.version}", show_lines=False)
    for column in ("id", "severity", "criterion", "policy section", "title"):
        table.add_column(column)
    for r in policy.rules:
        section = policy.section(r.section)
        style = "" if r.enabled else "dim strike"
        table.add_row(r.id, r.severity.value, r.criterion.value, f"{section.citation} {section.title}",
                      r.title + ("" if r.enabled else " (disabled)"), style=style)
    console.print(table)
    enabled = len(policy.enabled_rules)
    console.print(f"{len(policy.rules)} rules, {enabled} enabled · sources: {', '.join(policy.sources)}")


def print_rule_explanation(policy, rule, out) -> None:
    console = make_console(out)
    section = policy.section(rule.section)
    severity = policy.severities.get(rule.severity)
    console.print(Text(f"{rule.id} — {rule.title}", "bold"))
    console.print(f"Kind: {rule.kind} ({rule_kind(rule.kind).summary}) · severity: {rule.severity.value} · "
                  f"criterion: {rule.criterion.value}"
                  + ("" if rule.enabled else " · DISABLED"))
    console.print(f"Enforces: {section.citation} {section.title}")
    if section.text:
        console.print(Text(f"  “{section.text}”", "italic"))
    console.print(f"\nWhat it flags: {rule.message}")
    if rule.description:
        console.print(f"How: {rule.description}")
    console.print(f"Write instead: {rule.suggestion}")
    if severity:
        console.print(f"\nSeverity {rule.severity.value}: {severity.meaning}")
        console.print(f"  If posted anyway — discipline: {severity.discipline} Restoration: {severity.restoration}")
    for expected, title in (("flag", "Flagged"), ("pass", "Passes")):
        console.print(f"\n{title}:")
        for example in rule.examples[expected]:
            console.print(f"  - {example if isinstance(example, str) else example['text']}")
    console.print(f"\nDefined at {rule.source}")


def print_example_results(results, out) -> bool:
    console = make_console(out)
    wrong = [r for r in results if not r.ok]
    for r in wrong:
        if r.not_run:
            console.print(Text.assemble(("NOT RUN ", "magenta"), f"{r.rule_id}: {r.not_run}"))
            continue
        problem = "did not flag" if r.expected == "flag" else "flagged"
        console.print(Text.assemble(("WRONG ", "bold red"), f"{r.rule_id} {problem} its {r.expected} example: ",
                                    (r.text, "italic")))
    rules = {r.rule_id for r in results}
    console.print(f"{len(results) - len(wrong)} passed, {len(wrong)} failed "
                  f"({len(results)} examples of {len(rules)} rules)")
    return not wrong


def print_models(store, out) -> None:
    console = make_console(out)
    table = Table(title=f"Toxicity models (models folder: {store.root})")
    for column in ("name", "backend", "labels", "size", "licence", "installed"):
        table.add_column(column)
    for name, spec in store.registry.items():
        if spec.backend == "embedded":
            where = "yes (ships inside the alt-profanity-check package)"
        elif store.is_installed(name):
            where = f"yes: {store.folder(name)}"
        else:
            where = f"no — postguard models pull {name}"
        table.add_row(name, spec.backend, ", ".join(spec.labels), f"{spec.size_mb:g} MB", spec.licence, where)
    console.print(table)


def print_suggestion(suggestion, draft, out) -> None:
    console = make_console(out)
    author = f"{draft.in_reply_to.author}: " if draft.in_reply_to.author else ""
    console.print(Text.assemble(("Replying to ", "dim"), (author + draft.in_reply_to.text, "italic")))
    console.print(Text.assemble(("Comment kind: ", "bold"), suggestion.title))
    console.print(Text.assemble(("Guideline (Res. §1.A.4): ", "bold"), suggestion.guideline))
    if not suggestion.reply_publicly:
        console.print(Text("Do not reply publicly.", "bold red"))
    if suggestion.escalate_to:
        console.print(Text.assemble(("Escalate to: ", "bold red"), suggestion.escalate_to))
    if suggestion.replies:
        console.print(Text("\nReplies you can adapt:", "bold"))
        for number, reply in enumerate(suggestion.replies, 1):
            console.print(f"  {number}. {reply}")
