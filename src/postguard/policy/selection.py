"""`--select` and `--ignore`: narrow the policy's enabled rules to some ids or id prefixes.

As in ruff, a selector is a rule id (`attack.name-calling`) or a prefix of ids that ends at a
dot (`conduct` or `conduct.` for every conduct.* rule). A rule runs when it is enabled, matches
a selector of `select` (when any is given), and matches none of `ignore`. A selector that
matches no rule is a mistake, never silently nothing.
"""
from __future__ import annotations

import difflib
from dataclasses import replace

from postguard.errors import PolicyError
from postguard.policy.loader import fingerprint
from postguard.policy.types import Policy


def matches(rule_id: str, selector: str) -> bool:
    prefix = selector.rstrip(".")
    return rule_id == prefix or rule_id.startswith(prefix + ".")


def parse_selectors(values) -> list[str]:
    """Selectors from repeated options and comma-separated lists: ('conduct,argue.shouting',) -> 2."""
    return [part.strip() for value in values for part in str(value).split(",") if part.strip()]


def select_rules(policy: Policy, select: list[str], ignore: list[str]) -> Policy:
    """The policy with every rule outside the selection disabled (its fingerprint recomputed, so
    cached results of another selection are never reused)."""
    if not select and not ignore:
        return policy
    ids = [r.id for r in policy.rules]
    for selector in [*select, *ignore]:
        if not any(matches(rule_id, selector) for rule_id in ids):
            prefixes = sorted({rule_id.split(".")[0] for rule_id in ids} | set(ids))
            close = difflib.get_close_matches(selector, prefixes, n=1)
            raise PolicyError(f"no rule matches {selector!r}",
                              fix=(f"did you mean {close[0]!r}? " if close else "")
                              + "see the ids with 'postguard rules list'")
    rules = [r if _selected(r.id, select, ignore) else replace(r, enabled=False) for r in policy.rules]
    narrowed = replace(policy, rules=rules)
    narrowed.fingerprint = fingerprint(narrowed)
    if not narrowed.enabled_rules:
        raise PolicyError("--select and --ignore leave no rule to run", fix="select fewer rules away")
    return narrowed


def _selected(rule_id: str, select: list[str], ignore: list[str]) -> bool:
    if select and not any(matches(rule_id, s) for s in select):
        return False
    return not any(matches(rule_id, s) for s in ignore)
