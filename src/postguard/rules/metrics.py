"""`metric`: measurable properties of a draft (length, capitals, !!!/??? runs, emoji, hashtags)."""
from __future__ import annotations

import re

from postguard.errors import PolicyError
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register

_RUNS = {"exclamation_run": re.compile(r"!{2,}[!1]*"), "question_run": re.compile(r"[?!]*\?[?!]*")}
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z'’-]*[A-Z]\b")


def _longest_caps_run(analysis) -> tuple[int, int, int]:
    """(words, start, end) of the longest run of consecutive all-capital words (2+ letters)."""
    best = (0, 0, 0)
    run_words, run_start, prev_end = 0, 0, -1
    text = analysis.text
    for m in _UPPER_WORD.finditer(text):
        inside = analysis.is_quoted(m.start(), m.end()) or any(s <= m.start() < e for s, e in analysis.hashtags)
        gap = text[prev_end:m.start()] if prev_end >= 0 else ""
        if inside or (run_words and not re.fullmatch(r"[\s\d,.:;!?&/-]*", gap)):
            run_words = 0
        if inside:
            continue
        if run_words == 0:
            run_start = m.start()
        run_words += 1
        prev_end = m.end()
        if run_words > best[0]:
            best = (run_words, run_start, m.end())
    return best


def _measure(metric: str, analysis) -> tuple[float, int, int, str]:
    """(value, start, end, unit) of a metric; start/end locate the worst spot."""
    text = analysis.text
    if metric == "characters":
        return len(text), 0, len(text), "characters"
    if metric == "words":
        return analysis.word_count, 0, len(text), "words"
    if metric == "caps_ratio":
        letters = [ch for ch in text if ch.isalpha()]
        upper = sum(ch.isupper() for ch in letters)
        return (upper / len(letters) if letters else 0.0), 0, len(text), "share of capital letters"
    if metric == "caps_run":
        words, start, end = _longest_caps_run(analysis)
        return words, start, end, "words in capitals in a row"
    if metric in _RUNS:
        runs = [m for m in _RUNS[metric].finditer(text)]
        longest = max(runs, key=lambda m: len(m.group()), default=None)
        if longest is None:
            return 0, 0, 0, "marks in a row"
        return len(longest.group()), longest.start(), longest.end(), "marks in a row"
    if metric == "reading_grade":
        return round(analysis.reading_grade(), 1), 0, len(text), "reading grade"
    if metric == "sentence_words":
        longest = max(analysis.sentences, key=lambda s: sum(t.is_alpha for t in s), default=None)
        if longest is None:
            return 0, 0, 0, "words in one sentence"
        return sum(t.is_alpha for t in longest), longest.start_char, longest.end_char, "words in one sentence"
    items = {"emoji_count": analysis.emoji, "hashtag_count": analysis.hashtags,
             "mention_count": analysis.mentions, "link_count": analysis.urls}[metric]
    return len(items), items[0][0] if items else 0, items[-1][1] if items else 0, metric.replace("_count", "s")


METRICS = ("characters", "words", "caps_ratio", "caps_run", "exclamation_run", "question_run",
           "sentence_words", "reading_grade", "emoji_count", "hashtag_count", "mention_count", "link_count")


@register
class Metric(RuleKind):
    name = "metric"
    language_neutral = True
    summary = "a measured property above `max` or below `min` (length, capitals, !!!, emoji, hashtags)"
    params = {
        "metric": Param(str, required=True, doc=f"one of: {', '.join(METRICS)}", choices=METRICS),
        "max": Param((int, float), doc="flag when the value is above this"),
        "min": Param((int, float), doc="flag when the value is below this"),
        "min_letters": Param(int, doc="caps_ratio only: ignore drafts with fewer letters than this"),
        "min_words": Param(int, doc="ignore drafts with fewer words than this (e.g. reading_grade on a short post)"),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        if "max" not in spec.params and "min" not in spec.params:
            raise PolicyError(f"rule {spec.id!r} needs 'max' or 'min'", where=where("metric"),
                              fix="add e.g. 'max: 3'")

    def find(self, analysis):
        metric = self.spec.params["metric"]
        if metric == "caps_ratio" and sum(ch.isalpha() for ch in analysis.text) < self.param("min_letters", 20):
            return
        if self.param("min_words", 0) and analysis.word_count < self.param("min_words", 0):
            return
        value, start, end, unit = _measure(metric, analysis)
        shown = f"{value:.0%}" if metric == "caps_ratio" else f"{value:g}"
        if "max" in self.spec.params and value > self.spec.params["max"]:
            limit = self.spec.params["max"]
            yield Hit(start, end, detail=f"{shown} {unit}, limit {limit:g}")
        elif "min" in self.spec.params and value < self.spec.params["min"]:
            yield Hit(start, end, detail=f"{shown} {unit}, at least {self.spec.params['min']:g}")
