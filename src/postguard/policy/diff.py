"""What changed between two versions of the policy, for the executive communication to the
Council (§2): rules added, removed, changed in severity, wording or examples; sections added,
removed or changed; and which other parts of the policy changed.

Only what a reader of the policy would notice is compared: where a file sits, or the line a
rule is written on, is not a change.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

from postguard.errors import PolicyError
from postguard.policy.loader import PACK_MANIFEST, load_policy
from postguard.policy.types import Policy, PolicyMeta, RuleSpec

WORDING = ("title", "message", "suggestion")  # what a rule says to authors and to the public
HOW_IT_MATCHES = ("kind", "params", "criterion", "quotes", "types", "unless", "unless_link", "comment_kinds",
                  "waivable", "language")
OTHER_PARTS = {"severities": "what each severity means", "discipline": "disciplinary steps",
               "restoration": "restorative actions", "contacts": "feedback and report contacts",
               "responses": "response guidelines", "content_types": "appropriate kinds of post"}


def load_side(path: str | Path) -> Policy:
    """A full pack (a folder with policy.yaml, or a policy.yaml itself) stands alone; a department
    pack is read as it is used: on top of the default pack, unless it says `extends: none`."""
    path = Path(path)
    if not path.exists():
        raise PolicyError("no such policy pack", where=str(path),
                          fix="name a pack folder (with policy.yaml) or a pack file")
    full = (path / PACK_MANIFEST).is_file() if path.is_dir() else path.name == PACK_MANIFEST
    return load_policy([path], include_default=not full)


@dataclass(frozen=True)
class Change:
    """One field of one thing, before and after."""

    name: str  # the field, e.g. "severity", "message"
    old: str
    new: str


@dataclass(frozen=True)
class RuleChanges:
    rule: RuleSpec  # as it is in the new policy
    severity: Change | None = None
    wording: tuple[Change, ...] = ()
    examples_added: tuple[str, ...] = ()
    examples_removed: tuple[str, ...] = ()
    section: Change | None = None
    enabled: Change | None = None
    matching: tuple[str, ...] = ()  # names of the fields that change what the rule matches


@dataclass
class PolicyDiff:
    old_label: str
    new_label: str
    old_version: str
    new_version: str
    meta: list[Change] = field(default_factory=list)
    rules_added: list[RuleSpec] = field(default_factory=list)
    rules_removed: list[RuleSpec] = field(default_factory=list)
    rules_changed: list[RuleChanges] = field(default_factory=list)
    sections_added: list = field(default_factory=list)  # PolicySection
    sections_removed: list = field(default_factory=list)
    sections_changed: list[tuple[object, list[Change]]] = field(default_factory=list)
    other_parts: list[str] = field(default_factory=list)  # e.g. "disciplinary steps"

    @property
    def empty(self) -> bool:
        return not (self.meta or self.rules_added or self.rules_removed or self.rules_changed or self.sections_added
                    or self.sections_removed or self.sections_changed or self.other_parts)

    @property
    def severity_changes(self) -> list[RuleChanges]:
        return [c for c in self.rules_changed if c.severity]

    @property
    def wording_changes(self) -> list[RuleChanges]:
        return [c for c in self.rules_changed if c.wording]

    @property
    def example_changes(self) -> list[RuleChanges]:
        return [c for c in self.rules_changed if c.examples_added or c.examples_removed]

    @property
    def other_rule_changes(self) -> list[RuleChanges]:
        return [c for c in self.rules_changed if c.section or c.enabled or c.matching]


def diff_policies(old: Policy, new: Policy, old_label: str = "old", new_label: str = "new") -> PolicyDiff:
    diff = PolicyDiff(old_label, new_label, old.meta.version, new.meta.version)
    diff.meta = [Change(name, str(getattr(old.meta, name)), str(getattr(new.meta, name)))
                 for name in (f.name for f in fields(PolicyMeta)) if getattr(old.meta, name) != getattr(new.meta, name)]
    old_rules, new_rules = {r.id: r for r in old.rules}, {r.id: r for r in new.rules}
    diff.rules_added = [r for rule_id, r in new_rules.items() if rule_id not in old_rules]
    diff.rules_removed = [r for rule_id, r in old_rules.items() if rule_id not in new_rules]
    for rule_id, rule in new_rules.items():
        if rule_id in old_rules:
            changes = _rule_changes(old_rules[rule_id], rule)
            if changes != RuleChanges(rule):
                diff.rules_changed.append(changes)
    diff.sections_added = [s for ref, s in new.sections.items() if ref not in old.sections]
    diff.sections_removed = [s for ref, s in old.sections.items() if ref not in new.sections]
    for ref, section in new.sections.items():
        before = old.sections.get(ref)
        if before is not None:
            changed = [Change(name, getattr(before, name), getattr(section, name)) for name in ("title", "text")
                       if getattr(before, name) != getattr(section, name)]
            if changed:
                diff.sections_changed.append((section, changed))
    diff.other_parts = [label for name, label in OTHER_PARTS.items() if getattr(old, name) != getattr(new, name)]
    return diff


def _rule_changes(old: RuleSpec, new: RuleSpec) -> RuleChanges:
    old_examples, new_examples = _example_texts(old), _example_texts(new)
    return RuleChanges(
        rule=new,
        severity=Change("severity", old.severity.value, new.severity.value) if old.severity != new.severity else None,
        wording=tuple(Change(name, getattr(old, name), getattr(new, name)) for name in WORDING
                      if getattr(old, name) != getattr(new, name)),
        examples_added=tuple(e for e in new_examples if e not in old_examples),
        examples_removed=tuple(e for e in old_examples if e not in new_examples),
        section=Change("section", old.section, new.section) if old.section != new.section else None,
        enabled=Change("enabled", _on_off(old.enabled), _on_off(new.enabled)) if old.enabled != new.enabled else None,
        matching=tuple(name for name in HOW_IT_MATCHES if getattr(old, name) != getattr(new, name)),
    )


def _example_texts(rule: RuleSpec) -> list[str]:
    """'flag: text' and 'pass: text' for each example (fields beside the text count as part of it)."""
    texts = []
    for expected in ("flag", "pass"):
        for example in rule.examples[expected]:
            if isinstance(example, str):
                texts.append(f"{expected}: {example}")
            else:
                extra = ", ".join(f"{k}={v}" for k, v in example.items() if k != "text")
                texts.append(f"{expected}: {example['text']}" + (f" ({extra})" if extra else ""))
    return texts


def _on_off(enabled: bool) -> str:
    return "enabled" if enabled else "disabled"

