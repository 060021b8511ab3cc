"""Rule kinds. Importing this package registers every kind in the registry."""
from postguard.rules import classifier, metrics, patterns, phrases, regex  # noqa: F401
from postguard.rules.base import Hit, RuleKind
from postguard.rules.registry import RULE_KINDS, rule_kind

__all__ = ["Hit", "RULE_KINDS", "RuleKind", "rule_kind"]
