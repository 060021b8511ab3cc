"""Checks on the draft as a post: media alt text, platform length, content type, near-duplicates."""
from __future__ import annotations

import math
import re

from postguard.errors import PolicyError
from postguard.rules.base import CrossDraftRuleKind, Hit, Param, RuleKind
from postguard.rules.registry import register

X_LINK_LENGTH = 23  # X counts every link as 23 characters, whatever its length


@register
class MediaAlt(RuleKind):
    name = "media_alt"
    language_neutral = True
    summary = "images or video in the front matter without alt text (or with alt text that says nothing)"
    params = {"min_words": Param(int, doc="alt text shorter than this many words counts as missing (default 3)")}

    def find(self, analysis):
        for item in analysis.draft.media:
            words = len((item.alt or "").split())
            if words < self.param("min_words", 3):
                what = "no alt text" if not item.alt else f"alt text of {words} word(s)"
                yield Hit(0, 0, detail=f"{item.file or 'media'} has {what}")


@register
class PlatformLength(RuleKind):
    name = "platform_length"
    language_neutral = True
    summary = "longer than the platform allows (front matter `platform`)"
    params = {"limits": Param(dict, required=True, doc="characters per platform: {x: 280, bluesky: 300}")}

    def find(self, analysis):
        platform = analysis.draft.platform
        limit = self.spec.params["limits"].get(platform)
        if not limit:
            return
        text = analysis.text.strip()
        length = len(text)
        if platform in ("x", "twitter"):
            length += sum(X_LINK_LENGTH - (e - s) for s, e in analysis.urls)
        if length > limit:
            yield Hit(0, 0, detail=f"{length} characters on {platform}, limit {limit}")


@register
class ContentTypeCheck(RuleKind):
    name = "content_type"
    language_neutral = True
    summary = "a draft that fits none of the appropriate content types"
    params = {"appropriate": Param(list, required=True, doc="content types that are fine (the policy's content_types)")}
    content_type_params = ("appropriate",)

    def find(self, analysis):
        if analysis.content_type not in self.spec.params["appropriate"]:
            how = "inferred" if analysis.content_type_inferred else "from the front matter"
            yield Hit(0, 0, detail=f"content type: {analysis.content_type}, {how}")


def shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))} if words else set()


@register
class NearDuplicate(CrossDraftRuleKind):
    name = "near_duplicate"
    language_neutral = True
    summary = "two drafts of the same run that say nearly the same thing (word-shingle Jaccard)"
    params = {"threshold": Param((int, float), doc="Jaccard similarity that counts as a duplicate (default 0.8)"),
              "shingle_words": Param(int, doc="words per shingle (default 3)")}

    @classmethod
    def find_across(cls, spec, drafts):
        """One finding per draft that has near-duplicates, naming the closest ones.

        Drafts with the same shingles are grouped first and only the groups are compared: a
        batch written from a few templates holds thousands of copies of the same text, and
        comparing each copy with every other would be quadratic."""
        threshold, size = spec.params.get("threshold", 0.8), spec.params.get("shingle_words", 3)
        same_text: dict[str, list[int]] = {}  # copies share their shingles: work each text out once
        for index, draft in enumerate(drafts):
            same_text.setdefault(draft.text.lower(), []).append(index)
        groups: dict[frozenset, list[int]] = {}
        for text, indexes in same_text.items():
            shingle_set = frozenset(shingles(text, size))
            if shingle_set:  # a draft without words is like no other
                groups.setdefault(shingle_set, []).extend(indexes)
        for indexes in groups.values():
            indexes.sort()  # batch order within a group (texts that differ only in punctuation meet here)
        sets, members = _by_rarity(list(groups)), list(groups.values())
        similar: dict[int, list[tuple[float, int]]] = {}  # group -> (similarity, another group)
        for a, b in _candidate_pairs(sets, threshold):
            set_a, set_b = sets[a], sets[b]
            shared = len(set_a & set_b)
            similarity = shared / (len(set_a) + len(set_b) - shared)
            if similarity >= threshold:
                similar.setdefault(a, []).append((similarity, b))
                similar.setdefault(b, []).append((similarity, a))
        flagged = []
        for group, indexes in enumerate(members):
            if len(indexes) > 1 or group in similar:
                flagged += [(index, group) for index in indexes]
        for index, group in sorted(flagged):
            closest, total = _closest(index, group, members, similar.get(group, []))
            named = ", ".join(f"{drafts[j].path} ({similarity:.0%})" for similarity, j in closest)
            more = f" and {total - len(closest)} more" if total > len(closest) else ""
            yield index, Hit(0, 0, detail=f"the same as {named}{more}"), drafts[index].text

    def find(self, analysis):
        return iter(())


def _closest(index: int, group: int, members: list[list[int]], similar: list[tuple[float, int]],
             limit: int = 3) -> tuple[list[tuple[float, int]], int]:
    """The `limit` drafts most like draft `index` (most similar, then first in the batch), and how
    many there are in all. Members of a group are in batch order, so each group's first few suffice."""
    candidates = [(1.0, j) for j in members[group][:limit + 1] if j != index][:limit]
    for similarity, other in similar:
        candidates += [(similarity, j) for j in members[other][:limit]]
    candidates.sort(key=lambda m: (-m[0], m[1]))
    total = len(members[group]) - 1 + sum(len(members[other]) for _, other in similar)
    return candidates[:limit], total


def _by_rarity(sets: list[frozenset]) -> list[frozenset[int]]:
    """The sets with each shingle replaced by its rank from rarest to commonest: small integers
    hash and compare far faster than tuples of words, and sorting a set puts its rarest first."""
    frequency: dict = {}
    for shingle_set in sets:
        for shingle in shingle_set:
            frequency[shingle] = frequency.get(shingle, 0) + 1
    rank = {shingle: i for i, shingle in enumerate(sorted(frequency, key=lambda sh: (frequency[sh], sh)))}
    return [frozenset(rank[shingle] for shingle in shingle_set) for shingle_set in sets]


def _candidate_pairs(sets: list[frozenset[int]], threshold: float) -> list[tuple[int, int]]:
    """Pairs that can reach the threshold, without comparing every pair (prefix filtering, as in
    Xiao et al.'s PPJoin).

    With shingles ranked from rarest to commonest (_by_rarity) and sets taken smallest first, two
    sets with Jaccard >= t must share one of the first |x| - ceil(t * |x|) + 1 shingles of the
    larger one x among the first |y| - ceil(2t / (1 + t) * |y|) + 1 of the smaller one y, so only
    those are indexed; and their sizes are within a factor t (length filtering).
    """
    index: dict[int, list[int]] = {}
    pairs: set[tuple[int, int]] = set()
    sizes = [len(s) for s in sets]
    for i in sorted(range(len(sets)), key=sizes.__getitem__):
        ranked, size = sorted(sets[i]), sizes[i]
        smallest = threshold * size
        for shingle in ranked[:size - _ceil(threshold * size) + 1]:
            for j in index.get(shingle, ()):
                if sizes[j] >= smallest:
                    pairs.add((j, i) if j < i else (i, j))
        for shingle in ranked[:size - _ceil(2 * threshold / (1 + threshold) * size) + 1]:
            index.setdefault(shingle, []).append(i)
    return sorted(pairs)


def _ceil(x: float) -> int:
    """ceil, forgiving float error (0.8 * 15 = 12.000000000000002 must give 12, or a prefix comes
    out one shingle short and a real duplicate is missed)."""
    return math.ceil(x - 1e-9)
