"""The policy as data: packs of YAML rules, sections, severities, content types, response guidelines.

Names load on first use (rule kinds import `postguard.policy.types` without the loader).
"""
from importlib import import_module

_LAZY = {"load_policy": "postguard.policy.loader", "Policy": "postguard.policy.types",
         "PolicySection": "postguard.policy.types", "RuleSpec": "postguard.policy.types"}
__all__ = list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'postguard.policy' has no attribute {name!r}")
