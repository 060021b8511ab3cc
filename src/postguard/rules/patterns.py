"""`pattern`: spaCy Matcher token patterns (words, lemmas, parts of speech, operators)."""
from __future__ import annotations

from postguard.errors import PolicyError
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register
from postguard.yamlsource import plain


@register
class TokenPattern(RuleKind):
    name = "pattern"
    summary = "spaCy Matcher token patterns, e.g. [{LOWER: i}, {LEMMA: {IN: [think, believe]}}]"
    params = {
        "patterns": Param(list, required=True,
                          doc="a list of spaCy Matcher patterns; each is a list of token mappings"),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        for pattern in spec.params["patterns"]:
            if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) and t for t in pattern):
                raise PolicyError("each pattern must be a non-empty list of token mappings",
                                  where=where("patterns"), fix="write e.g. - [{LOWER: shut}, {LOWER: up}]")

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        self.matchers = context["matchers"]  # one Matcher for every rule of the language
        try:
            self.matchers.tokens.add(spec.id, [plain(p) for p in spec.params["patterns"]], greedy="LONGEST")
        except Exception as exc:  # spaCy raises ValueError/MatchPatternError with multi-line text
            first = str(exc).strip().splitlines()
            raise PolicyError(f"rule {spec.id!r} has an invalid token pattern: {first[-1] if first else exc}",
                              where=spec.source, fix="see https://spacy.io/usage/rule-based-matching") from None

    def find(self, analysis):
        doc = analysis.doc
        for start, end in self.matchers.matches(doc, self.spec.id):
            span = doc[start:end]
            yield Hit(span.start_char, span.end_char)
