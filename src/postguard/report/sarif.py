"""SARIF 2.1.0 for GitHub code scanning and other static-analysis viewers."""
from __future__ import annotations

import json
from pathlib import Path

from postguard.results import RunResults
from postguard.results import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://www.cabq.gov/transparency"


def artifact_uri(path: str) -> str:
    """A repository-relative URI where possible: code scanning matches results to files by it."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return p.as_posix()


def _file_of(path: str) -> str:
    """`week.jsonl:12` (a row of an export) is in the file `week.jsonl`."""
    file, _, line = path.rpartition(":")
    return file if line.isdigit() and Path(file).exists() else path


def sarif_document(run: RunResults) -> dict:
    policy = run.policy
    specs = {r.id: r for r in policy.rules}
    used = sorted({f.rule_id for v in run.verdicts for f in v.findings})
    rule_ids = [r.id for r in policy.enabled_rules] + [i for i in used if i not in specs]
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
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
                     "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact_uri(_file_of(p.path))}}}]}
                    for p in run.problems] + [
                    {"level": "warning", "message": {"text": reason}} for reason in run.not_run],
            }],
            "results": [_result(f, v, index) for v in run.verdicts for f in v.findings],
        }],
    }


def _rule(spec, rule_id: str, policy) -> dict:
    if spec is None:  # findings postguard itself makes (waiver problems)
        return {"id": rule_id, "name": rule_id, "shortDescription": {"text": rule_id},
                "defaultConfiguration": {"level": "error"}}
    section = policy.section(spec.section)
    help_text = (f"{spec.message}\n\nWrite instead: {spec.suggestion}\n\nPolicy: {section.citation} {section.title}"
                 + (f"\n\n{spec.description}" if spec.description else ""))
    examples = "\n".join(f"- {e if isinstance(e, str) else e['text']}" for e in spec.examples["flag"][:3])
    return {
        "id": spec.id, "name": spec.title,
        "shortDescription": {"text": spec.title},
        "fullDescription": {"text": spec.message},
        "help": {"text": help_text,
                 "markdown": f"{spec.message}\n\n**Write instead:** {spec.suggestion}\n\n"
                             f"**Policy:** {section.citation} {section.title}\n\n**Flagged, for example:**\n{examples}"},
        "defaultConfiguration": {"level": spec.severity.level, "enabled": spec.enabled},
        "properties": {"tags": ["postguard", spec.criterion.value, section.citation], "severity": spec.severity.value,
                       "criterion": spec.criterion.value, "policy": f"{section.citation} {section.title}"},
    }


def _result(f: Finding, verdict, index: dict) -> dict:
    draft = verdict.draft
    location = {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(draft.location)}}}
    if not f.span and draft.file:  # a finding about a whole row of an export: point at its line
        location["physicalLocation"]["region"] = {"startLine": draft.body_line}
    if f.span:
        location["physicalLocation"]["region"] = {
            "startLine": f.span.line, "startColumn": f.span.column,
            "endLine": f.span.end_line, "endColumn": f.span.end_column, "snippet": {"text": f.span.text}}
    result = {
        "ruleId": f.rule_id, "ruleIndex": index[f.rule_id], "level": f.severity.level,
        "message": {"text": f"{f.message} Write instead: {f.suggestion} ({f.policy})"},
        "locations": [location],
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
