"""Which appropriate kind of post (§1.A.2) a draft is: from its front matter, else inferred.

A reply is a draft with `in_reply_to`, or one that opens with an @handle. Otherwise each content type in the policy has cues
(regular expressions); the type with most cues present wins (at least its `min_cues`), ties
going to the type listed first in the policy (emergency before event before ...). A draft
that reaches no type's minimum is "other".
"""
from __future__ import annotations

import re

from postguard.policy.patterns import compile_pattern, search


def infer_content_type(draft, text: str, content_types: dict) -> tuple[str, bool]:
    """(content type, whether it was inferred rather than written in the front matter)."""
    if draft.type:
        return draft.type, False
    if draft.in_reply_to is not None or re.match(r"\s*@\w", text):  # on X and Threads a reply opens with @handle
        return "reply", True
    best, best_count = "other", 0
    for name, definition in content_types.items():
        count = sum(1 for cue in definition.cues if search(compile_pattern(cue), text, f"content type {name}"))
        if count >= definition.min_cues and count > best_count:
            best, best_count = name, count
    return best, True
