"""Dependency patterns: meaning by grammatical role, not word order.

"Somebody should burn down city hall", "city hall should burn" and "burn city hall to the
ground" are one threat: a verb of violence whose subject or object is a person or a City
place. spaCy's DependencyMatcher finds that shape in the parse whatever the word order. The
pipeline runs without its parser (sentences come from the faster `senter`), so a doc is
parsed on demand, and only when it holds one of a pattern's anchor words.
"""
from __future__ import annotations

from typing import Iterable, Sequence

from postguard.yamlsource import plain


class DependencyPatterns:
    def __init__(self, nlp, key: str, patterns: Sequence[list]):
        from spacy.matcher import DependencyMatcher  # spaCy loads with the pipeline, never at import

        self.key = key
        self.nlp = nlp
        self.matcher = DependencyMatcher(nlp.vocab, validate=True)
        self.matcher.add(key, [plain(p) for p in patterns])
        # Per pattern, the words each of its nodes must be one of: a doc lacking any of them
        # cannot match that pattern, and is never parsed for it.
        self.required = [_node_words(plain(p)) for p in patterns]

    def could_match(self, doc) -> bool:
        """Cheap pre-check on the unparsed doc: is one of the anchor words there at all?"""
        if doc.vocab is not self.nlp.vocab:  # a doc of another language's pipeline
            return False
        words = word_forms(doc)
        return any(all(node & words for node in nodes) for nodes in self.required)

    def find(self, parsed) -> Iterable[tuple[int, int]]:
        """(start_char, end_char) covering each match's tokens, in the parsed doc."""
        for _, token_ids in self.matcher(parsed):
            tokens = [parsed[i] for i in token_ids]
            yield min(t.idx for t in tokens), max(t.idx + len(t) for t in tokens)


_FORMS = "postguard.word_forms"


def word_forms(doc) -> set[str]:
    """Every lowercase form and lemma in a doc: read once per doc from its arrays (no Token
    objects), shared by every pattern set that asks."""
    forms = doc.user_data.get(_FORMS)
    if forms is None:
        strings = doc.vocab.strings
        forms = {strings[h].lower() for h in set(doc.to_array(["LOWER", "LEMMA"]).ravel().tolist())}
        doc.user_data[_FORMS] = forms
    return forms


def parse(nlp, doc):
    """A parsed copy of a doc the pipeline made without its parser (the doc itself is untouched)."""
    if doc.has_annotation("DEP"):
        return doc
    return nlp.get_pipe("parser")(doc.copy())


def validate_patterns(patterns) -> str | None:
    """What is wrong with a list of DependencyMatcher patterns, or None."""
    if not isinstance(patterns, list) or not patterns:
        return "'patterns' must be a non-empty list of dependency patterns"
    for pattern in patterns:
        if not isinstance(pattern, list) or not pattern or not all(isinstance(n, dict) for n in pattern):
            return "each dependency pattern must be a list of nodes (RIGHT_ID, RIGHT_ATTRS, ...)"
        if "RIGHT_ID" not in pattern[0] or "LEFT_ID" in pattern[0]:
            return "a dependency pattern starts with its anchor node: {RIGHT_ID: ..., RIGHT_ATTRS: ...}"
    return None


def _node_words(pattern: list) -> list[set[str]]:
    """For each node of a pattern that names its words (LOWER, LEMMA or ORTH, one or IN a list),
    the set of them; nodes constrained otherwise (DEP, POS) add nothing."""
    found = []
    for node in pattern:
        attrs = node.get("RIGHT_ATTRS", {})
        for attr in ("LOWER", "LEMMA", "ORTH"):
            value = attrs.get(attr)
            if isinstance(value, str):
                found.append({value.lower()})
                break
            if isinstance(value, dict) and isinstance(value.get("IN"), list):
                found.append({str(v).lower() for v in value["IN"]})
                break
    return found
