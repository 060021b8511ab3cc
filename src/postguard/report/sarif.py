"""SARIF 2.1.0 for GitHub code scanning and other static-analysis viewers.

Every URI is a valid RFC 3986 reference: file names are percent-encoded (`Winter storm draft.txt`
becomes `Winter%20storm%20draft.txt`), files outside the working folder become file:// URIs, and a
draft read from stdin without `--stdin-filename` is reported at the placeholder STDIN_URI (`stdin`).

`partialFingerprints["postguard/v1"]` lets viewers follow a finding from run to run: see fingerprint().
The location helpers here (relative_path, row_of, fingerprints) are shared by the gitlab and concise formats.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urldefrag

from postguard.results import Finding, RunResults

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://www.cabq.gov/transparency"
STDIN_PATH = "<stdin>"  # the path the inputs layer gives a draft read from '-' (postguard.inputs.draft.STDIN_NAME)
STDIN_URI = "stdin"  # where reports put that draft: "<stdin>" is no valid URI, nor a path a viewer could open
WHOLE_DRAFT = "(whole draft)"  # what a finding about the whole draft (no flagged words) fingerprints as
_FRAGMENT_SAFE = "!$&'()*+,;=:@/?"  # RFC 3986 pchar / "/" / "?" beyond quote's letters, digits and -._~


def relative_path(path: str) -> str:
    """The draft's path as a POSIX path relative to the working folder where it lies inside it."""
    if path == STDIN_PATH:
        return STDIN_URI
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return p.as_posix()


def artifact_uri(path: str) -> str:
    """A repository-relative URI where possible: code scanning matches results to files by it."""
    relative = relative_path(path)
    if Path(relative).is_absolute():
        return Path(relative).as_uri()  # percent-encodes, UTF-8 for non-ASCII names
    return quote(relative, safe="/")  # ':' too: "a:b.md" would read as the scheme "a"


def row_of(path: str) -> tuple[str, int | None]:
    """`week.jsonl:12` (a row of an export) is line 12 of the file `week.jsonl`."""
    file, _, line = path.rpartition(":")
    return (file, int(line)) if line.isdigit() and Path(file).exists() else (path, None)


def fingerprint(rule_id: str, path: str, words: str, occurrence: int) -> str:
    """sha256 of the rule, the file's URI, the flagged words (whitespace collapsed) and which
    occurrence of those in the file this is. No line numbers: editing above a finding leaves its
    fingerprint alone, while two different findings in one file never share one."""
    words = " ".join(words.split()) or WHOLE_DRAFT
    return hashlib.sha256("\0".join([rule_id, artifact_uri(path), words, str(occurrence)]).encode()).hexdigest()


def fingerprints(run: RunResults) -> list[str]:
    """One fingerprint per finding, in the order of `for v in run.verdicts for f in v.findings`."""
    seen: Counter = Counter()
    found = []
    for verdict in run.verdicts:
        for f in verdict.findings:
            key = (f.rule_id, verdict.draft.location, f.span.text if f.span and f.span.text else "")
            seen[key] += 1
            found.append(fingerprint(*key, seen[key]))
    return found


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
