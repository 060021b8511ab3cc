"""`substitution`: jargon and bureaucratic words, each with the plain word to use instead."""
from __future__ import annotations

from postguard.errors import PolicyError
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register


@register
class Substitution(RuleKind):
    name = "substitution"
    summary = "words with plainer substitutes (utilize -> use); the finding names the substitute"
    params = {"substitutions": Param(dict, required=True, doc="a mapping: {utilize: use, in order to: to}")}

    @classmethod
    def validate(cls, spec, where) -> None:
        subs = spec.params["substitutions"]
        if not subs or not all(isinstance(k, str) and isinstance(v, str) and k.strip() for k, v in subs.items()):
            raise PolicyError("'substitutions' must map words to their plain substitutes", where=where("substitutions"))

    def __init__(self, spec, nlp, **context):
        from spacy.matcher import PhraseMatcher

        super().__init__(spec, nlp)
        self.plain = {k.lower(): v for k, v in spec.params["substitutions"].items()}
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for word in self.plain:
            self.matcher.add(word, [nlp.make_doc(word)])

    def find(self, analysis):
        doc = analysis.doc
        for match_id, start, end in self.matcher(doc):
            span = doc[start:end]
            plain = self.plain[doc.vocab.strings[match_id]]
            yield Hit(span.start_char, span.end_char, detail=f"\"{span.text}\" → \"{plain}\"",
                      suggestion=f"Write \"{plain}\" instead of \"{span.text}\".")
