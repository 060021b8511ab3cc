"""Waivers: a draft's front matter may excuse a finding, with a reason and an approver.

    waive:
      - {rule: argue.shouting, reason: "Evacuation order: capitals approved", approved_by: "PIO J. Ortiz"}

A waived finding still appears in every report, marked waived, but does not fail the draft.
An incomplete waiver, a waiver of a rule that cannot be waived (critical ones by default),
and a waiver of a rule that does not exist are findings themselves.
"""
from __future__ import annotations

from dataclasses import replace

from postguard.results import Criterion, Finding, Severity, Waiver

def apply_waivers(draft, findings: list[Finding], policy) -> list[Finding]:
    if not draft.waive:
        return findings
    granted: dict[str, Waiver] = {}
    problems: list[Finding] = []
    for entry in draft.waive:
        rule = str(entry.get("rule", "")) if isinstance(entry, dict) else ""
        reason = str(entry.get("reason") or "").strip() if isinstance(entry, dict) else ""
        approver = str(entry.get("approved_by") or "").strip() if isinstance(entry, dict) else ""
        if not (rule and reason and approver):
            problems.append(_problem(policy, "waiver.incomplete", Severity.ERROR,
                                     f"The waiver for {rule or 'a rule'} needs a rule, a reason and an approver.",
                                     "Write: waive: [{rule: ID, reason: \"why\", approved_by: \"name\"}]"))
        elif not any(r.id == rule for r in policy.rules):
            problems.append(_problem(policy, "waiver.unknown-rule", Severity.WARNING,
                                     f"The waiver names rule {rule!r}, which the policy does not have.",
                                     "Check the id with 'postguard rules list', or remove the waiver."))
        elif not policy.is_waivable(rule):
            problems.append(_problem(policy, "waiver.not-waivable", Severity.ERROR,
                                     f"Rule {rule} cannot be waived (critical rules protect against attacks "
                                     "and abuse).", "Rewrite the draft instead of waiving this rule."))
        else:
            granted[rule] = Waiver(rule=rule, reason=reason, approved_by=approver)
    waived = [replace(f, waived=granted[f.rule_id]) if f.rule_id in granted else f for f in findings]
    return problems + waived


def _problem(policy, rule_id: str, severity: Severity, message: str, suggestion: str) -> Finding:
    """A finding about a waiver, citing the section the policy names for supervision (waiver_section)."""
    section = policy.section(policy.meta.waiver_section)
    return Finding(rule_id=rule_id, severity=severity, criterion=Criterion.CONDUCT, policy_ref=section.citation,
                   policy_title=section.title, message=message, suggestion=suggestion, span=None)
