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
        """One finding per draft that has near-duplicates, naming the closest ones."""
        threshold, size = spec.params.get("threshold", 0.8), spec.params.get("shingle_words", 3)
        sets = [shingles(d.text, size) for d in drafts]
        matches: dict[int, list[tuple[float, int]]] = {}
        for i, j in _candidate_pairs(sets, threshold):
            similarity = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if similarity >= threshold:
                matches.setdefault(i, []).append((similarity, j))
                matches.setdefault(j, []).append((similarity, i))
        for index, others in sorted(matches.items()):
            others.sort(key=lambda m: (-m[0], m[1]))
            named = ", ".join(f"{drafts[j].path} ({similarity:.0%})" for similarity, j in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            yield index, Hit(0, 0, detail=f"the same as {named}{more}"), drafts[index].text

    def find(self, analysis):
        return iter(())


def _candidate_pairs(sets: list[set], threshold: float) -> list[tuple[int, int]]:
    """Pairs that can reach the threshold, without comparing every pair (prefix filtering).

    Order each set's shingles from rarest to commonest; two sets with Jaccard >= t must share a
    shingle among the first |s| - ceil(t * |s|) + 1 of either, so only those are indexed.
    """
    frequency: dict = {}
    for shingle_set in sets:
        for shingle in shingle_set:
            frequency[shingle] = frequency.get(shingle, 0) + 1
    index: dict = {}
    pairs: set[tuple[int, int]] = set()
    for i, shingle_set in enumerate(sets):
        ordered = sorted(shingle_set, key=lambda sh: (frequency[sh], sh))
        prefix = ordered[:len(ordered) - math.ceil(threshold * len(ordered)) + 1]
        for shingle in prefix:
            for j in index.get(shingle, ()):
                pairs.add((j, i))
            index.setdefault(shingle, []).append(i)
    return sorted(pairs)
