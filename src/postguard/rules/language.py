"""`unsupported_language`: a draft in a language postguard has no rules for is never passed silently."""
from __future__ import annotations

from postguard.rules.base import Hit, RuleKind
from postguard.rules.registry import register


@register
class UnsupportedLanguage(RuleKind):
    name = "unsupported_language"
    summary = "a draft in a language postguard has no rules or conduct model for: not screened, said plainly"
    for_unscreened_languages = True

    def find(self, analysis):
        found = analysis.identification
        if found is None:
            return
        how = f"{found.how}, {found.confidence:.0%} sure" if found.confidence is not None else found.how
        yield Hit(0, 0, message=f"Not screened: postguard has no rules for {found.name}.", detail=how)
