"""`dependency`: spaCy DependencyMatcher patterns, matched on the parse (who does what to whom)."""
from __future__ import annotations

from postguard.analysis.dependency import DependencyPatterns, validate_patterns
from postguard.errors import PolicyError
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register


@register
class DependencyRule(RuleKind):
    name = "dependency"
    summary = ("spaCy DependencyMatcher patterns on the sentence's parse, e.g. 'you' as the subject of "
               "a judgement, whatever the word order")
    params = {
        "patterns": Param(list, required=True,
                          doc="a list of DependencyMatcher patterns: lists of {RIGHT_ID, RIGHT_ATTRS} / "
                              "{LEFT_ID, REL_OP, RIGHT_ID, RIGHT_ATTRS} nodes, anchor first"),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        problem = validate_patterns(spec.params["patterns"])
        if problem:
            raise PolicyError(problem, where=where("patterns"),
                              fix="see https://spacy.io/usage/rule-based-matching#dependencymatcher")

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        try:
            self.patterns = DependencyPatterns(nlp, spec.id, spec.params["patterns"])
        except Exception as exc:  # spaCy raises ValueError with multi-line text
            first = str(exc).strip().splitlines()
            raise PolicyError(f"rule {spec.id!r} has an invalid dependency pattern: {first[-1] if first else exc}",
                              where=spec.source,
                              fix="see https://spacy.io/usage/rule-based-matching#dependencymatcher") from None

    def find(self, analysis):
        if not self.patterns.could_match(analysis.doc):
            return
        for start, end in self.patterns.find(analysis.parsed):
            yield Hit(start, end)
