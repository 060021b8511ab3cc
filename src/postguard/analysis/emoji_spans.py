"""Emoji as a reader sees them: a flag, a skin-toned thumb, a family or a keycap is one emoji.

Counting code points got this wrong both ways (🇺🇸 was two, 👍🏽 two, while 1️⃣ and ‼️ were
missed), so the `emoji` package's Unicode emoji data finds whole emoji sequences instead.
"""
from __future__ import annotations

from bisect import bisect_left

from postguard.analysis.normalize import NormalizedText

# A text-style symbol written without the emoji selector (U+FE0F) is "unqualified". Below
# U+2600 such symbols (©, ®, ™, ↔, ‼, ℹ) read as characters; from there on (☀ ❤ ✔ ⚠) phones
# draw them as emoji even without the selector.
_PICTOGRAPHS_FROM = 0x2600


def find_emoji(normalized: NormalizedText) -> list[tuple[int, int]]:
    """Spans, in the folded text, of the emoji in the draft as written.

    Found in the original text: folding turns some emoji into letters (‼️ into "!!", ™️ into "TM").
    """
    if normalized.original.isascii():  # every emoji is outside ASCII: most drafts need no look-up
        return []
    import emoji  # imported on first use: its tables take a moment to load

    spans = [(e["match_start"], e["match_end"]) for e in emoji.emoji_list(normalized.original)
             if _reads_as_emoji(e["emoji"], emoji)]
    if normalized.origin is None:
        return spans
    # origin[i] is where folded character i came from, in order: look the original offsets up in it.
    return [(bisect_left(normalized.origin, s), bisect_left(normalized.origin, e)) for s, e in spans]


def _reads_as_emoji(found: str, emoji) -> bool:
    if len(found) > 1:
        return True
    status = emoji.EMOJI_DATA.get(found, {}).get("status")
    return status != emoji.STATUS["unqualified"] or ord(found) >= _PICTOGRAPHS_FROM
