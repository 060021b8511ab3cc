"""Switching a rule off for part of a draft, recorded like a waiver (reason and approver).

    <!-- postguard-disable argue.shouting reason="Evacuation order" approved-by="PIO J. Ortiz" -->
    EVACUATE NOW: LEAVE THE AREA EAST OF TRAMWAY.
    <!-- postguard-enable argue.shouting -->

    <!-- postguard-disable-next-line argue.shouting reason="..." approved-by="..." -->

The names follow markdownlint's. A block runs to its `postguard-enable` (with the same rules,
or none for all) or to the end of the draft. Each directive is taken out of the post — its
line stays, empty, so every line number still matches the file — and becomes a waiver entry
limited to those lines; screening then checks it as it checks a front-matter waiver (a missing
reason or approver, an unknown rule or a rule that cannot be waived is a finding).
"""
from __future__ import annotations

import re

DIRECTIVE = re.compile(r"<!--[ \t]*postguard-(disable-next-line|disable|enable)\b([^\n]{0,1000}?)-->")  # bounded: one line, 1,000 characters
_FIELD = re.compile(r'([a-z][a-z_-]*)[ \t]*=[ \t]*(?:"([^"]*)"|\'([^\']*)\'|(\S+))')


def extract_directives(text: str, first_line: int) -> tuple[str, list[dict]]:
    """The text with its directives taken out, and the waiver entries they make, each with
    `lines`: (first, last) file lines it covers (`first_line` is the file line the text starts on)."""
    if "postguard-" not in text:
        return text, []
    entries: list[dict] = []
    open_blocks: list[dict] = []
    last_line = first_line + text.count("\n")
    for match in DIRECTIVE.finditer(text):
        kind, (rules, fields) = match.group(1), _parse(match.group(2))
        line = first_line + text.count("\n", 0, match.start())
        if kind == "enable":
            for entry in [e for e in open_blocks if not rules or e["rule"] in rules]:
                entry["lines"] = (entry["lines"][0], line)
                open_blocks.remove(entry)
            continue
        covered = (line + 1, line + 1) if kind == "disable-next-line" else (line, last_line)
        for rule in rules or [""]:  # no rule named: an incomplete waiver, reported as such
            entry = {"rule": rule, "reason": fields.get("reason", ""), "approved_by": fields.get("approved-by", ""),
                     "lines": covered, "directive_line": line}
            entries.append(entry)
            if kind == "disable":
                open_blocks.append(entry)
    return DIRECTIVE.sub("", text), entries


def _parse(arguments: str) -> tuple[list[str], dict[str, str]]:
    """`argue.shouting reason="why" approved-by="who"` -> (["argue.shouting"], {"reason": ..., "approved-by": ...})."""
    fields = {m.group(1).replace("_", "-").lower(): next(g for g in m.groups()[1:] if g is not None)
              for m in _FIELD.finditer(arguments)}
    rules = [word for word in re.split(r"[\s,]+", _FIELD.sub("", arguments)) if word]
    return rules, fields
