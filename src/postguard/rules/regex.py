"""`regex`: regular expressions over the draft text (for things tokens do not show well)."""
from __future__ import annotations

from postguard.errors import PolicyError
from postguard.policy.patterns import check_pattern, compile_pattern, finditer
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register


@register
class RegexRule(RuleKind):
    name = "regex"
    summary = "regular expressions over the draft text (Python syntax), case-insensitive unless told"
    params = {
        "patterns": Param(list, required=True, doc="a list of Python regular expressions"),
        "case_sensitive": Param(bool, doc="true to match case exactly (default false)"),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        patterns = spec.params["patterns"]
        if not patterns or not all(isinstance(p, str) and p for p in patterns):
            raise PolicyError("'patterns' must be a non-empty list of strings", where=where("patterns"))
        ignore_case = not spec.params.get("case_sensitive")
        flag_texts = [str(e if isinstance(e, str) else e.get("text", ""))[:1000] for e in spec.examples["flag"]]
        for source in patterns:
            pattern = check_pattern(source, where("patterns"), ignore_case)  # syntax and runaway bait
            if pattern.search(""):
                raise PolicyError(f"pattern {source!r} matches empty text and would flag every draft",
                                  where=where("patterns"))
            # A pattern that matches none of its own flag examples is almost always a pattern
            # that can never match (e.g. a word boundary after punctuation: 'wow!\b').
            if not any(pattern.search(t) for t in flag_texts):
                raise PolicyError(f"pattern {source!r} matches none of the rule's flag examples",
                                  where=where("patterns"), fix="fix the pattern or add an example it should flag")

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        ignore_case = not spec.params.get("case_sensitive")
        self.patterns = [compile_pattern(p, ignore_case) for p in spec.params["patterns"]]

    def find(self, analysis):
        for pattern in self.patterns:
            for m in finditer(pattern, analysis.text, self.spec.id):
                if m.end() > m.start():
                    yield Hit(m.start(), m.end())
