"""`hashtag_case`: run-together lowercase hashtags that screen readers cannot split into words.

"#abqtraffic" is two words run together: written "#ABQTraffic" a screen reader says "ABQ
traffic". A single word ("#christmas") is fine as it is. Words come from the spaCy pipeline's
own lemmatizer word lists (about 90,000 English base forms), plus the rule's `known_words`
with their capitalisation (ABQ, NM, APD).
"""
from __future__ import annotations

from functools import cached_property

from postguard.analysis.nlp import dictionary_words
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register


@register
class HashtagCase(RuleKind):
    name = "hashtag_case"
    summary = "lowercase hashtags made of several words (suggests the CamelCase spelling)"
    params = {"known_words": Param(list, doc="local words with their capitalisation, e.g. [ABQ, NM, APD]"),
              "min_length": Param(int, doc="ignore shorter hashtags (default 6)")}

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        self.nlp = nlp
        self.casing = {w.lower(): w for w in spec.params.get("known_words", [])}

    @cached_property
    def words(self) -> set[str]:
        """Read the first time a hashtag needs splitting: the dictionary costs a moment to build."""
        return set(self.casing) | dictionary_words(self.nlp)

    def _is_word(self, word: str) -> bool:
        return word in self.words or (word.endswith("s") and word[:-1] in self.words)

    def split(self, tag: str) -> list[str] | None:
        """The split of `tag` into the fewest dictionary words of 2+ letters, or None."""
        best: list[list[str] | None] = [[]] + [None] * len(tag)
        for end in range(2, len(tag) + 1):
            for start in range(max(0, end - 20), end - 1):
                if best[start] is not None and self._is_word(tag[start:end]):
                    candidate = best[start] + [tag[start:end]]
                    if best[end] is None or len(candidate) < len(best[end]):
                        best[end] = candidate
        return best[len(tag)]

    def find(self, analysis):
        text = analysis.text
        for start, end in analysis.hashtags:
            tag = text[start + 1:end]
            if not tag.isalpha() or not tag.islower() or len(tag) < self.param("min_length", 6) or self._is_word(tag):
                continue
            parts = self.split(tag)
            if parts and len(parts) >= 2:
                camel = "".join(self.casing.get(p, p.capitalize()) for p in parts)
                yield Hit(start, end, detail=f"#{tag} reads as {' '.join(parts)}",
                          suggestion=f"Write #{camel}, so screen readers say each word.")
