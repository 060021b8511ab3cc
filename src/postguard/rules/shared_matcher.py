"""One spaCy Matcher and two PhraseMatchers for all the rules of a language.

Each `pattern` and `phrases` rule adds its patterns under its own id when it compiles; a
draft's doc is then matched once for every rule, not once per rule (a Matcher call has a
fixed cost per doc that a dozen rules would pay a dozen times).
"""
from __future__ import annotations


class SharedMatchers:
    def __init__(self, nlp):
        from spacy.matcher import Matcher, PhraseMatcher  # spaCy loads with the pipeline, never at import

        self.vocab = nlp.vocab
        self.tokens = Matcher(nlp.vocab, validate=True)
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._doc = None
        self._found: dict[int, list[tuple[int, int]]] = {}

    def matches(self, doc, rule_id: str) -> list[tuple[int, int]]:
        """(start token, end token) of every match of a rule in `doc`: token patterns, then lowercase
        phrases, then lemma phrases, each in the order spaCy gives."""
        if doc is not self._doc:  # rules run one after another on the same doc: match it once
            found: dict[int, list[tuple[int, int]]] = {}
            for matcher in (self.tokens, self.lower, self.lemma):
                if len(matcher):
                    for key, start, end in matcher(doc):
                        found.setdefault(key, []).append((start, end))
            self._doc, self._found = doc, found
        return self._found.get(self.vocab.strings[rule_id], [])
