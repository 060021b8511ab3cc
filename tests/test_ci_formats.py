"""Machine formats for CI: SARIF (schema-valid), GitHub annotations, JUnit, Markdown, --output."""
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import EXAMPLES
from postguard.cli import main
from postguard.report.github import annotation

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def drafts_with_everything(tmp_path_factory):
    """A folder with a passing draft, a failing one, a waived finding and an unreadable file."""
    folder = tmp_path_factory.mktemp("drafts")
    (folder / "ok.txt").write_text("Free flu shots on Saturday at the Westside Community Center.", encoding="utf-8")
    (folder / "bad.md").write_text("---\ntype: reply\n---\nOnly an idiot would say that, lol.\n", encoding="utf-8")
    (folder / "waived.md").write_text(
        "---\ntype: emergency\nwaive:\n  - {rule: argue.shouting, reason: 'Evacuation order', approved_by: 'PIO'}\n"
        "---\nEVACUATE NOW: LEAVE THE AREA EAST OF TRAMWAY IMMEDIATELY.\n", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01")
    return folder


def invoke(*args):
    return CliRunner().invoke(main, ["check", *map(str, args)])


def test_sarif_is_valid_against_the_official_schema(drafts_with_everything):
    result = invoke("--format", "sarif", "--fail-on", "warning", drafts_with_everything)
    assert result.exit_code == 2  # the unreadable file
    doc = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    run = doc["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert "Res. §1.A.3" in rules["attack.name-calling"]["help"]["text"]
    results = run["results"]
    idiot = next(r for r in results if r["ruleId"] == "attack.name-calling")
    region = idiot["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["snippet"]["text"]) == (4, 9, "idiot")
    assert run["tool"]["driver"]["rules"][idiot["ruleIndex"]]["id"] == "attack.name-calling"
    waived = next(r for r in results if r["ruleId"] == "argue.shouting")
    assert waived["suppressions"][0]["justification"].startswith("Evacuation order")
    assert run["invocations"][0]["executionSuccessful"] is False
    assert "broken.txt" in run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]


def test_junit_has_one_case_per_draft_and_parses_back(drafts_with_everything):
    result = invoke("--format", "junit", drafts_with_everything)
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    cases = {Path(c.get("name")).name: c for c in root.iter("testcase")}
    assert set(cases) == {"ok.txt", "bad.md", "waived.md", "broken.txt"}
    assert root.get("tests") == "4" and root.get("failures") == "1" and root.get("errors") == "1"
    assert cases["bad.md"].find("failure").get("type") in {"attack.name-calling", "conduct.mockery"}
    assert "Write instead" in cases["bad.md"].find("failure").text
    assert cases["ok.txt"].find("failure") is None
    assert "waived: Evacuation order" in cases["waived.md"].find("system-out").text
    assert cases["broken.txt"].find("error") is not None


def test_github_annotations_escape_newlines_commas_and_colons():
    line = annotation("error", "50% done\nnext: line", file="drafts/a,b:c.md", line=3, title="x: y, z")
    assert line == "::error file=drafts/a%2Cb%3Ac.md,line=3,title=x%3A y%2C z::50%25 done%0Anext: line"


def test_github_format_groups_annotations_and_ends_with_a_summary(drafts_with_everything):
    result = invoke("--format", "github", drafts_with_everything)
    lines = result.stdout.splitlines()
    assert lines[0] == "::group::postguard findings" and "::endgroup::" in lines
    assert any(line.startswith("::error file=") and "attack.name-calling" in line for line in lines)
    assert any(line.startswith("::notice ") and "argue.shouting (waived)" in line for line in lines)
    assert lines[-1].startswith("postguard: 4 drafts, 2 passed, 1 failed, 1 unreadable")


def test_github_format_is_chosen_automatically_under_github_actions(monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = invoke(EXAMPLES / "14-liar-reply.md")
    assert result.stdout.startswith("::group::postguard findings")


def test_markdown_comment_has_a_table_per_failing_draft(drafts_with_everything):
    result = invoke("--format", "markdown", drafts_with_everything)
    text = result.stdout
    assert text.startswith("## postguard: ❌ 1 draft(s) fail the policy")
    assert "### FAIL `" in text and "| Line | Severity | Rule |" in text and "`attack.name-calling`" in text
    assert "(waived)" in text and "could not screen" in text


def test_output_file_gets_the_report_and_terminal_gets_a_summary(tmp_path):
    target = tmp_path / "report.sarif"
    result = CliRunner().invoke(main, ["check", "--format", "sarif", "--output", str(target),
                                       str(EXAMPLES / "replies")], env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "FAIL" in result.stdout and "11-pothole-snarky.md" in result.stdout
    assert "5 drafts: 3 passed, 2 failed" in result.stdout and "{" not in result.stdout


def test_pre_commit_hook_and_example_workflow_are_valid_yaml_calling_postguard():
    import yaml

    root = Path(__file__).resolve().parents[1]
    [hook] = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "postguard" and hook["entry"] == "postguard check"
    workflow = yaml.safe_load((root / "examples" / "ci" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = " ".join(str(s.get("run", "")) for s in workflow["jobs"]["screen"]["steps"])
    assert "--changed-since" in steps and "--format sarif" in steps
    assert any("upload-sarif" in str(s.get("uses", "")) for s in workflow["jobs"]["screen"]["steps"])
