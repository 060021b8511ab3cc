"""`phrases`: word lists matched on spaCy tokens, by lowercase form or by lemma."""
from __future__ import annotations

from postguard.rules.base import Hit, Param, RuleKind, string_list
from postguard.rules.registry import register


@register
class Phrases(RuleKind):
    name = "phrases"
    summary = "any of a list of words or phrases, matched token by token (lowercase or lemma)"
    params = {
        "phrases": Param(list, required=True, doc="a list of words or phrases, e.g. [idiot, shut up]"),
        "match": Param(str, doc="lower (exact words, any case) or lemma (any inflection: idiot -> idiots)",
                       choices=("lower", "lemma")),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        # Phrases are tokenised the same way as drafts, so "wow!" or an emoji matches as written
        # (unlike a regex wrapped in \b...\b). Only a blank phrase can never match.
        string_list(spec, "phrases", where)

    def __init__(self, spec, nlp, **context):
        from spacy.tokens import Doc  # spaCy loads with the pipeline, never at import

        super().__init__(spec, nlp)
        phrases = spec.params["phrases"]
        self.matchers = context["matchers"]  # the PhraseMatchers every rule of the language shares
        plural = context["language"].plural  # the pack's language: its phrases are written in it
        forms = phrases + [plural(p) for p in phrases] if self.param("match", "lower") == "lemma" else phrases
        self.matchers.lower.add(spec.id, [nlp.make_doc(p) for p in forms])
        if self.param("match", "lower") == "lemma":
            # The phrase is written in dictionary form; match any inflection via the token lemma.
            patterns = []
            for phrase in phrases:
                words = [t.text for t in nlp.make_doc(phrase)]
                patterns.append(Doc(nlp.vocab, words=words, lemmas=[w.lower() for w in words]))
            self.matchers.lemma.add(spec.id, patterns)

    def find(self, analysis):
        doc = analysis.doc
        seen = set()
        for start, end in self.matchers.matches(doc, self.spec.id):  # lowercase matches, then lemma ones
            span = doc[start:end]
            if (span.start_char, span.end_char) not in seen:
                seen.add((span.start_char, span.end_char))
                yield Hit(span.start_char, span.end_char)
