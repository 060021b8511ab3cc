"""Waivers: a draft's front matter may excuse a finding, with a reason and an approver.

    waive:
      - {rule: argue.shouting, reason: "Evacuation order: capitals approved", approved_by: "PIO J. Ortiz"}

Inline, `<!-- postguard-disable ID reason="..." approved-by="..." -->` waives a rule on some
lines only (postguard.inputs.directives).

A waived finding still appears in every report, marked waived, but does not fail the draft.
An incomplete waiver, a waiver of a rule that cannot be waived (critical ones by default),
and a waiver of a rule that does not exist are findings themselves.
"""
from __future__ import annotations

from dataclasses import replace

from postguard.results import Criterion, Finding, Severity, Span, Waiver

def apply_waivers(draft, findings: list[Finding], policy) -> list[Finding]:
    """The findings with the draft's waivers applied: front-matter ones to the whole draft, inline
    ones (postguard.inputs.directives) to the findings on their lines; bad waivers as findings."""
    if not draft.waive:
        return findings
    whole: dict[str, Waiver] = {}
    by_lines: list[tuple[str, tuple[int, int], Waiver]] = []
    problems: list[Finding] = []
    for entry in draft.waive:
        rule = str(entry.get("rule", "")) if isinstance(entry, dict) else ""
        reason = str(entry.get("reason") or "").strip() if isinstance(entry, dict) else ""
        approver = str(entry.get("approved_by") or "").strip() if isinstance(entry, dict) else ""
        inline = isinstance(entry, dict) and "lines" in entry
        at = Span(entry["directive_line"], 1, entry["directive_line"], 1, "") if inline else None
        what = f"The postguard-disable on line {at.line}" if inline else f"The waiver for {rule or 'a rule'}"
        if not (rule and reason and approver):
            problems.append(_problem(policy, "waiver.incomplete", Severity.ERROR,
                                     f"{what} needs a rule, a reason and an approver.",
                                     INLINE_FORM if inline else FRONT_MATTER_FORM, at))
        elif not any(r.id == rule for r in policy.rules):
            problems.append(_problem(policy, "waiver.unknown-rule", Severity.WARNING,
                                     f"{what} names rule {rule!r}, which the policy does not have.",
                                     "Check the id with 'postguard rules list', or remove the waiver.", at))
        elif not policy.is_waivable(rule):
            problems.append(_problem(policy, "waiver.not-waivable", Severity.ERROR,
                                     f"Rule {rule} cannot be waived (critical rules protect against attacks "
                                     "and abuse).", "Rewrite the draft instead of waiving this rule.", at))
        elif inline:
            by_lines.append((rule, entry["lines"], Waiver(rule=rule, reason=reason, approved_by=approver)))
        else:
            whole[rule] = Waiver(rule=rule, reason=reason, approved_by=approver)

    def waiver_for(f: Finding) -> Waiver | None:
        if f.rule_id in whole:
            return whole[f.rule_id]
        return next((w for rule, (first, last), w in by_lines
                     if rule == f.rule_id and f.span and first <= f.span.line <= last), None)

    waived = [replace(f, waived=w) if (w := waiver_for(f)) else f for f in findings]
    return problems + waived


FRONT_MATTER_FORM = 'Write: waive: [{rule: ID, reason: "why", approved_by: "name"}]'
INLINE_FORM = 'Write: <!-- postguard-disable ID reason="why" approved-by="name" -->'


def _problem(policy, rule_id: str, severity: Severity, message: str, suggestion: str, span: Span | None = None) -> Finding:
    """A finding about a waiver, citing the section the policy names for supervision (waiver_section)."""
    section = policy.section(policy.meta.waiver_section)
    return Finding(rule_id=rule_id, severity=severity, criterion=Criterion.CONDUCT, policy_ref=section.citation,
                   policy_title=section.title, message=message, suggestion=suggestion, span=span)
