"""`required_elements`: what a kind of post must say — an event's when, where and how to join."""
from __future__ import annotations

import re

from postguard.errors import PolicyError
from postguard.results import Severity
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register

# Each detector reads the draft's language for its words ("tomorrow", "noon", "Call 311").
DETECTORS = {
    "date": lambda a: bool(a.dates) or bool(a.language.relative_day.search(a.text))
    or any(e.label_ == "DATE" for e in a.doc.ents),
    "time": lambda a: bool(a.times) or bool(a.language.clock_words.search(a.text))
    or any(e.label_ == "TIME" for e in a.doc.ents),
    "place": lambda a: bool(a.places),
    "link": lambda a: bool(a.links),
    "phone": lambda a: bool(a.phones),
    "instruction": lambda a: bool(a.language.imperative.search(a.text)),
}


@register
class RequiredElements(RuleKind):
    name = "required_elements"
    language_neutral = True
    summary = "each listed element present (date, time, place, link, phone, instruction, or given phrases)"
    params = {
        "elements": Param(list, required=True,
                          doc="a list of {name: when, any_of: [date, time], phrases: [free, no registration]}"),
        "declared_severity": Param(str, doc="severity when the author declared the content type (`type:`): "
                                            "then the post is sure to need these elements",
                                   choices=("info", "warning", "error", "critical")),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        for element in spec.params["elements"]:
            if not isinstance(element, dict) or not element.get("name") or \
                    not (element.get("any_of") or element.get("phrases")):
                raise PolicyError("each element needs a name and any_of and/or phrases", where=where("elements"))
            unknown = set(element.get("any_of") or []) - set(DETECTORS)
            if unknown:
                raise PolicyError(f"unknown element detector {sorted(unknown)[0]!r}", where=where("elements"),
                                  fix=f"use: {', '.join(DETECTORS)}")

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        self.elements = [(e["name"], e.get("describe") or e["name"], list(e.get("any_of") or []),
                          [re.compile(rf"\b{re.escape(p)}\b", re.IGNORECASE) for p in e.get("phrases") or []])
                         for e in spec.params["elements"]]

    def find(self, analysis):
        missing = [describe for _, describe, detectors, phrases in self.elements
                   if not any(DETECTORS[d](analysis) for d in detectors)
                   and not any(p.search(analysis.text) for p in phrases)]
        if missing:
            declared = self.param("declared_severity")
            sure = declared is not None and not analysis.content_type_inferred
            yield Hit(0, 0, detail="missing: " + "; ".join(missing), severity=Severity(declared) if sure else None)
