"""JUnit XML: one test case per draft, so any CI dashboard shows which drafts fail.

Written to the schema Jenkins' xUnit plugin validates JUnit reports against (junit-10.xsd), which
GitLab, Azure DevOps and the rest also read: a test case has no `file` attribute there, so the
draft's path is the case's name; the run's policy and threshold are suite properties.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from postguard.report.visible import visible
from postguard.results import RunResults


def junit_document(run: RunResults) -> ET.Element:
    suites = ET.Element("testsuites", name="postguard")
    suite = ET.SubElement(suites, "testsuite", name=f"postguard: {run.policy.meta.title}")
    properties = ET.SubElement(suite, "properties")
    for name, value in [("policy", f"{run.policy.meta.title} {run.policy.meta.version}"),
                        ("fail-on", run.fail_on.value), ("postguard", run.tool_version)]:
        ET.SubElement(properties, "property", name=name, value=value)
    for verdict in run.verdicts:
        case = ET.SubElement(suite, "testcase", classname="postguard.drafts", name=verdict.draft.path)
        lines = [_line(f) for f in verdict.findings]
        failing = verdict.failing
        if failing:
            ET.SubElement(case, "failure", type=failing[0].rule_id,
                          message=f"{len(failing)} finding(s) at or above {run.fail_on.value}: "
                                  + ", ".join(sorted({f.rule_id for f in failing}))).text = "\n".join(lines)
        elif lines:
            ET.SubElement(case, "system-out").text = "\n".join(lines)
    for problem in run.problems:
        case = ET.SubElement(suite, "testcase", classname="postguard.drafts", name=problem.path)
        ET.SubElement(case, "error", type="unreadable", message=problem.message)
    summary = run.summary
    counts = {"tests": str(summary.drafts), "failures": str(summary.failed), "errors": str(summary.errors),
              "skipped": "0"}
    suite.attrib.update(counts)
    suites.attrib.update({k: v for k, v in counts.items() if k != "skipped"})  # testsuites has no `skipped`
    return suites


def _xml_text(text: str | None) -> str | None:
    if text is None:
        return None
    return "".join(c if c not in "\ufffe\uffff" and not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in visible(text))


def _line(f) -> str:
    where = f"{f.span.line}:{f.span.column}" if f.span else "-"
    words = f' "{f.span.text}"' if f.span and f.span.text else ""
    waived = f" [waived: {f.waived.reason}, approved by {f.waived.approved_by}]" if f.waived else ""
    return f"{where} {f.severity.value} {f.rule_id}{words}: {f.message} Write instead: {f.suggestion} ({f.policy}){waived}"


def render_junit(run: RunResults, out) -> None:
    tree = junit_document(run)
    for element in tree.iter():  # XML 1.0 cannot hold most control characters: show them instead
        element.text = _xml_text(element.text)
        for key, value in element.attrib.items():
            element.attrib[key] = _xml_text(value)
    ET.indent(tree)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(tree, encoding="unicode"))
    out.write("\n")
