"""Rule kinds by name: the YAML `kind:` field picks one."""
from __future__ import annotations

from postguard.errors import PolicyError

RULE_KINDS: dict[str, type] = {}


def register(cls):
    RULE_KINDS[cls.name] = cls
    return cls


def rule_kind(name: str, where: str | None = None):
    from postguard import rules  # noqa: F401  (importing the package registers every kind)

    try:
        return RULE_KINDS[name]
    except KeyError:
        raise PolicyError(f"unknown rule kind {name!r}", where=where,
                          fix=f"use one of: {', '.join(sorted(RULE_KINDS))}") from None
