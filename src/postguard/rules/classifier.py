"""`classifier`: a toxicity label's probability above a threshold, per sentence or per post."""
from __future__ import annotations

from postguard.errors import PolicyError
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register
from postguard.labels import TOXICITY_LABELS as LABELS


@register
class Classifier(RuleKind):
    name = "classifier"
    summary = "the toxicity classifier's score for a label at or above a threshold"
    params = {
        "label": Param(str, required=True, doc=f"one of: {', '.join(LABELS)}", choices=LABELS),
        "threshold": Param((int, float), required=True, doc="a probability between 0 and 1, e.g. 0.7"),
        "scope": Param(str, doc="sentence (default: flag the worst sentence) or post (score the whole post)",
                       choices=("sentence", "post")),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        if not 0 < spec.params["threshold"] <= 1:
            raise PolicyError("'threshold' must be above 0 and at most 1", where=where("threshold"))

    @classmethod
    def not_run_reason(cls, spec, classifier) -> str | None:
        label = spec.params["label"]
        if label not in classifier.labels:
            return (f"rule {spec.id} did not run: the classifier that ran ({classifier.name}) "
                    f"does not score '{label}'")
        return None

    def find(self, analysis):
        label, threshold = self.spec.params["label"], self.spec.params["threshold"]
        if self.param("scope", "sentence") == "post":
            score = analysis.post_scores.get(label, 0.0)
            if score >= threshold:
                yield Hit(0, len(analysis.text), score=score, detail=f"{label} {score:.2f} for the whole post")
            return
        scored = [(s.get(label, 0.0), i) for i, s in enumerate(analysis.sentence_scores)]
        if not scored:
            return
        score, index = max(scored)
        if score >= threshold:
            sentence = analysis.sentences[index]
            yield Hit(sentence.start_char, sentence.start_char + len(sentence.text.rstrip()), score=score,
                      detail=f"{label} {score:.2f}, threshold {threshold:g}")
