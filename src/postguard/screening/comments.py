"""Replies to residents: what kind of comment a reply answers, and how the policy says to answer.

The kinds come from the policy (`responses.kinds` in rules/policy.yaml), tested in the order
they are listed: the first whose classifier threshold or cue matches the comment wins (threat
before inflammatory before misleading before complaint before question). A comment that
matches none is a plain "comment".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from postguard.policy.patterns import compile_pattern, search

PLAIN_COMMENT = "comment"


def classify_comment(text: str, scores: dict[str, float], guide, doc=None, patterns=None) -> str:
    """The comment's kind. `patterns` maps a kind to its compiled dependency patterns, matched
    on `doc` (the comment as the pipeline read it), parsed only if an anchor word is there."""
    from postguard.analysis.dependency import parse

    for kind in guide.kinds:
        if any(scores.get(label, 0.0) >= threshold for label, threshold in kind.min_score.items()):
            return kind.name
        if any(search(compile_pattern(cue), text, f"comment kind {kind.name}") for cue in kind.cues):
            return kind.name
        matcher = (patterns or {}).get(kind.name)
        if doc is not None and matcher is not None and matcher.could_match(doc):
            if any(True for _ in matcher.find(parse(matcher.nlp, doc))):
                return kind.name
    return PLAIN_COMMENT


@dataclass(frozen=True)
class Suggestion:
    kind: str
    title: str
    guideline: str
    escalate_to: str
    reply_publicly: bool
    replies: tuple[str, ...]


def suggest(analysis, guide) -> Suggestion | None:
    """The guideline and filled-in templates for a reply draft (None if it is not a reply)."""
    draft = analysis.draft
    if draft.in_reply_to is None:
        return None
    kind = guide.kind(analysis.comment_kind)
    if kind is None:
        return Suggestion(PLAIN_COMMENT, "Comment", "Thank them, answer plainly, and offer a way to follow up.",
                          "", True, ())
    values = {
        "topic": _topic(analysis),
        "link": (analysis.links or draft.links or [guide.for_account(guide.links, draft.account)])[0],
        "channel": guide.for_account(guide.channels, draft.account),
        "author": draft.in_reply_to.author or "there",
    }
    replies = tuple(template.format_map(_Blank(values)) for template in kind.templates)
    return Suggestion(kind.name, kind.title, kind.guideline, kind.escalate_to, kind.reply_publicly, replies)


PLACES = ("FAC", "GPE", "LOC")


def _topic(analysis) -> str:
    """What the comment is about: "the pothole on Montgomery and San Mateo", "the water", "Civic Plaza"."""
    doc, words = analysis.comment_doc, analysis.language.topic_words
    if doc is None:
        return words["this"]
    generic = analysis.language.generic_nouns
    noun = next((t for t in doc if t.pos_ == "NOUN" and not t.is_stop and t.lower_ not in generic), None)
    places = [e for e in doc.ents if e.label_ in PLACES]
    if noun is None:
        return _joined_places(doc, places[0], words["and"]) if places else words["this"]
    topic = f"{words['the']} {noun.lower_}"
    after = next((e for e in places if 0 < e.start - noun.i <= 4), None)
    if after is not None and any(t.pos_ == "ADP" for t in doc[noun.i + 1:after.start]):
        topic += " " + doc[noun.i + 1:after.start].text + " " + _joined_places(doc, after, words["and"])
    return topic


def _joined_places(doc, first, and_word: str) -> str:
    """A place and the one after it joined by "and" ("Montgomery and San Mateo")."""
    end = first.end
    for ent in doc.ents:
        if ent.start == end + 1 and doc[end].lower_ == and_word and ent.label_ in PLACES:
            end = ent.end
    return doc[first.start:end].text


class _Blank(dict):
    """Template values; an unknown placeholder stays visible rather than crashing."""

    def __missing__(self, key):
        return "{" + key + "}"
