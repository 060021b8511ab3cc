"""SARIF 2.1.0 for GitHub code scanning and other static-analysis viewers.

Every URI is a valid RFC 3986 reference: file names are percent-encoded (`Winter storm draft.txt`
becomes `Winter%20storm%20draft.txt`), files outside the working folder become file:// URIs, and a
draft read from stdin without `--stdin-filename` is reported at the placeholder `stdin`
(postguard.report.locations).

`partialFingerprints["postguard/v1"]` lets viewers follow a finding from run to run (see
postguard.report.locations.fingerprint).
"""
from __future__ import annotations

import json
from urllib.parse import quote, urldefrag

from postguard.report.locations import artifact_uri, fingerprints, row_of
from postguard.results import Finding, RunResults

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://www.cabq.gov/transparency"
_FRAGMENT_SAFE = "!$&'()*+,;=:@/?"  # RFC 3986 pchar / "/" / "?" beyond quote's letters, digits and -._~


def help_uri(policy, rule_id: str, on_page: bool) -> str:
    """Where the Transparency page (`postguard policy show --format html`) explains the rule:
    each enabled rule is `#rule-ID` there; waivers are explained under `#monitoring`."""
    page = urldefrag(policy.meta.transparency_url or INFORMATION_URI).url
    if on_page:
        return f"{page}#{quote('rule-' + rule_id, safe=_FRAGMENT_SAFE)}"
    return f"{page}#monitoring" if rule_id.startswith("waiver.") else page


def sarif_document(run: RunResults) -> dict:
    policy = run.policy
    specs = {r.id: r for r in policy.rules}
    used = sorted({f.rule_id for v in run.verdicts for f in v.findings})
    rule_ids = [r.id for r in policy.enabled_rules] + [i for i in used if i not in specs]
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    pairs = [(f, v) for v in run.verdicts for f in v.findings]
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "postguard", "version": run.tool_version, "semanticVersion": run.tool_version,
                "informationUri": policy.meta.transparency_url or INFORMATION_URI,
                "rules": [_rule(specs.get(rule_id), rule_id, policy) for rule_id in rule_ids],
                "properties": {"policy": f"{policy.meta.title} {policy.meta.version}", "pipeline": run.pipeline,
                               "classifier": run.classifier},
            }},
            "invocations": [{
                "executionSuccessful": not run.problems,
                "toolExecutionNotifications": [
                    {"level": "error", "message": {"text": p.message},
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(row_of(p.path)[0])}}}]}
                    for p in run.problems] + [
                    {"level": "warning", "message": {"text": reason}} for reason in run.not_run],
            }],
            "results": [_result(f, v, index, print_) for (f, v), print_ in zip(pairs, fingerprints(run))],
        }],
    }


def _rule(spec, rule_id: str, policy) -> dict:
    if spec is None:  # findings postguard itself makes (waiver problems)
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": rule_id},
                "helpUri": help_uri(policy, rule_id, on_page=False), "defaultConfiguration": {"level": "error"}}
    section = policy.section(spec.section)
    help_text = (f"{spec.message}\n\nWrite instead: {spec.suggestion}\n\nPolicy: {section.citation} {section.title}"
                 + (f"\n\n{spec.description}" if spec.description else ""))
    examples = "\n".join(f"- {e if isinstance(e, str) else e['text']}" for e in spec.examples["flag"][:3])
    return {
        "id": spec.id, "name": spec.title,
        "shortDescription": {"text": spec.title},
        "fullDescription": {"text": spec.message},
        "helpUri": help_uri(policy, spec.id, on_page=spec.enabled),
        "help": {"text": help_text,
                 "markdown": f"{spec.message}\n\n**Write instead:** {spec.suggestion}\n\n"
                             f"**Policy:** {section.citation} {section.title}\n\n**Flagged, for example:**\n{examples}"},
        "defaultConfiguration": {"level": spec.severity.level, "enabled": spec.enabled},
        "properties": {"tags": ["postguard", spec.criterion.value, section.citation], "severity": spec.severity.value,
                       "criterion": spec.criterion.value, "policy": f"{section.citation} {section.title}"},
    }


def _result(f: Finding, verdict, index: dict, fingerprint_: str) -> dict:
    draft = verdict.draft
    if f.span:
        region = {"startLine": f.span.line, "startColumn": f.span.column,
                  "endLine": f.span.end_line, "endColumn": f.span.end_column, "snippet": {"text": f.span.text}}
    else:  # about the whole draft (or a whole row of an export): its first line of text
        region = {"startLine": getattr(draft, "body_line", 1) or 1}
    result = {
        "ruleId": f.rule_id, "ruleIndex": index[f.rule_id], "level": f.severity.level,
        "message": {"text": f"{f.message} Write instead: {f.suggestion} ({f.policy})"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(draft.location)},
                                            "region": region}}],
        "partialFingerprints": {"postguard/v1": fingerprint_},
        "properties": {"severity": f.severity.value, "criterion": f.criterion.value, "policy": f.policy,
                       "language": (verdict.language or {}).get("code")},
    }
    if f.score is not None:
        result["properties"]["score"] = round(f.score, 4)
    if f.waived:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted",
                                   "justification": f"{f.waived.reason} (approved by {f.waived.approved_by})"}]
    return result


def render_sarif(run: RunResults, out) -> None:
    json.dump(sarif_document(run), out, indent=2, ensure_ascii=False)
    out.write("\n")
