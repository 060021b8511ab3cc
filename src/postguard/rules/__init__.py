"""Rule kinds. Importing this package registers every kind in the registry."""
from postguard.rules import (  # noqa: F401
    classifier, conduct_model, dates, dependency, drafting, elements, hashtags, language, links, metrics, patterns, phrases, regex, reply_checks, substitution)
from postguard.rules.base import Hit, RuleKind
from postguard.rules.registry import RULE_KINDS, rule_kind

__all__ = ["Hit", "RULE_KINDS", "RuleKind", "rule_kind"]
