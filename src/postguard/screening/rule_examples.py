"""Running every rule's own examples: `postguard rules test` and the test suite both use this."""
from __future__ import annotations

from dataclasses import dataclass

from postguard.inputs import make_draft
from postguard.rules.base import CrossDraftRuleKind


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    expected: str  # "flag" or "pass"
    text: str
    fired: bool
    not_run: str | None = None  # why the rule could not run (e.g. the classifier lacks its label)

    @property
    def ok(self) -> bool:
        return self.not_run is None and self.fired == (self.expected == "flag")


def run_examples(screener, rule_ids=None) -> list[ExampleResult]:
    """Screen each rule's flag and pass examples with that rule alone; all analysed in one batch."""
    from postguard.rules import rule_kind

    chosen = [spec for spec in screener.policy.enabled_rules if rule_ids is None or spec.id in rule_ids]
    cases, results = [], []
    for spec in chosen:
        kind = rule_kind(spec.kind)
        if issubclass(kind, CrossDraftRuleKind):
            results.extend(_across_examples(spec))
            continue
        for expected in ("flag", "pass"):
            for example in spec.examples[expected]:
                text, meta = (example, {}) if isinstance(example, str) else (
                    example["text"], {k: v for k, v in example.items() if k != "text"})
                if not (kind.language_neutral or kind.for_unscreened_languages):
                    meta.setdefault("lang", spec.language)  # a word rule's examples are in its pack's language
                cases.append((spec, expected, make_draft(text, f"{spec.id} example", meta)))
    analyses = screener.analyze([draft for *_, draft in cases])
    for (spec, expected, draft), analysis in zip(cases, analyses):
        reason = screener.not_run_reasons.get(spec.id)
        # the rule as compiled for the example's language; none if it does not screen that language
        compiled = {s.id: (s, r) for s, r in screener.languages.kit(analysis.identification.code).rules}
        fired = False if reason or spec.id not in compiled else bool(screener.findings(analysis, [compiled[spec.id]]))
        results.append(ExampleResult(spec.id, expected, draft.text, fired, reason))
    return results


def _across_examples(spec) -> list[ExampleResult]:
    """A rule over several drafts (near-duplicates): each example is {text: ..., other: ...}."""
    from postguard.rules import rule_kind

    results = []
    for expected in ("flag", "pass"):
        for example in spec.examples[expected]:
            other = example.get("other", "") if isinstance(example, dict) else ""
            text = example["text"] if isinstance(example, dict) else example
            pair = [make_draft(text, "example"), make_draft(other or text, "other example")]
            fired = any(index == 0 for index, *_ in rule_kind(spec.kind).find_across(spec, pair))
            results.append(ExampleResult(spec.id, expected, text, fired))
    return results
