"""`conduct_model`: the shipped conduct model says a post reads as one category of misconduct.

The model scores the whole post and each sentence (postguard.models.conduct). A rule names one
category; it fires when the post's probability of breaking the conduct rules reaches
`warning_at` (a warning) or `error_at` (an error) and that category is the likeliest, or when
one sentence alone reaches `sentence_at`. The finding points at the sentence that scored
highest and names the words that pushed the score most.
"""
from __future__ import annotations

from postguard.labels import CATEGORIES
from postguard.errors import PolicyError
from postguard.results import Severity
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register


@register
class ConductModelRule(RuleKind):
    name = "conduct_model"
    summary = "the conduct model's probability that the post reads as this category of misconduct"
    params = {
        "category": Param(str, required=True, doc=f"one of: {', '.join(CATEGORIES)}", choices=CATEGORIES),
        "error_at": Param((int, float), required=True, doc="post probability from which the finding is an error"),
        "warning_at": Param((int, float), required=True, doc="post probability from which it is a warning"),
        "sentence_at": Param((int, float), doc="one sentence's probability from which it is an error on its own"),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        for key in ("error_at", "warning_at", "sentence_at"):
            value = spec.params.get(key)
            if value is not None and not 0 < value <= 1:
                raise PolicyError(f"'{key}' must be above 0 and at most 1", where=where(key))
        if spec.params["warning_at"] > spec.params["error_at"]:
            raise PolicyError("'warning_at' must not be above 'error_at'", where=where("warning_at"))

    def find(self, analysis):
        post = analysis.conduct_post
        if post is None:
            return
        category = self.param("category")
        sentence_at = self.param("sentence_at")
        ranked = sorted(range(len(analysis.conduct_sentences)),
                        key=lambda i: -analysis.conduct_sentences[i].probability)
        strong = [i for i in ranked if sentence_at is not None
                  and analysis.conduct_sentences[i].probability >= sentence_at
                  and analysis.conduct_sentences[i].category == category]
        if post.category == category and post.probability >= self.param("warning_at"):
            severity = Severity.ERROR if post.probability >= self.param("error_at") else Severity.WARNING
            score, where = post.probability, (strong or ranked or [None])[0]
        elif strong:
            severity, score, where = Severity.ERROR, analysis.conduct_sentences[strong[0]].probability, strong[0]
        else:
            return
        start, end = (0, len(analysis.text)) if where is None else (
            analysis.sentences[where].start_char, analysis.sentences[where].end_char)
        end = start + len(analysis.text[start:end].rstrip())
        yield Hit(start, end, score=score, severity=severity, detail=self._detail(analysis, start, end, score))

    def _detail(self, analysis, start: int, end: int, score: float) -> str:
        words = [analysis.text[w.start:w.end] for w in analysis.explain_conduct(start, end)]
        said = f"conduct model {score:.2f}"
        if analysis.draft.in_reply_to is not None:
            said += "; in a reply, so aimed at the person you answer"
        if words:
            said += "; words that weigh most: " + ", ".join(f"“{w}”" for w in words)
        return said
