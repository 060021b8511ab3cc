"""Machine formats for CI, each checked by what reads it: SARIF (the OASIS schema, RFC 3986 URIs), JUnit
(Jenkins' schema), GitLab Code Quality, concise lines, GitHub annotations, Markdown, --output."""
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
import xmlschema
from click.testing import CliRunner
from rfc3986_validator import validate_rfc3986

from conftest import EXAMPLES
from postguard.cli import main
from postguard.report.github import annotation

DATA = Path(__file__).parent / "data"
SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
JUNIT_XSD = os.environ.get("POSTGUARD_JUNIT_XSD") or DATA / "junit-jenkins.xsd"  # see tests/data/README.md


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


# --- SARIF: every URI valid, every result placed and fingerprinted, every rule documented ------------------

def invoke_in(folder, *args, input=None):
    """Run `postguard check` from `folder`, as CI runs it from the repository root."""
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, ["check", *map(str, args)], input=input)
    finally:
        os.chdir(cwd)


def uris(node):
    """Every URI in a SARIF document: artifact locations, helpUri, informationUri."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"uri", "helpUri", "informationUri"} and isinstance(value, str):
                yield value
            else:
                yield from uris(value)
    elif isinstance(node, list):
        for item in node:
            yield from uris(item)


def assert_valid_sarif(doc):
    jsonschema.validate(doc, SCHEMA)
    found = list(uris(doc))
    assert found
    for uri in found:
        assert validate_rfc3986(uri, rule="URI_reference"), f"not an RFC 3986 URI reference: {uri!r}"


def test_the_uri_check_rejects_what_viewers_reject():
    assert not validate_rfc3986("Winter storm draft.txt", rule="URI_reference")
    assert not validate_rfc3986("<stdin>", rule="URI_reference")
    assert not validate_rfc3986("café.md", rule="URI_reference")


@pytest.fixture
def awkward_names(tmp_path):
    """Drafts whose names need percent-encoding: spaces, non-ASCII, a colon, in a folder with a space."""
    folder = tmp_path / "repo" / "storm drafts"
    folder.mkdir(parents=True)
    for name in ["Winter storm draft.txt", "café señal.txt", "a:b.txt"]:
        (folder / name).write_text("Only an idiot would drive in this, lol.", encoding="utf-8")
    return tmp_path / "repo"


def test_sarif_uris_are_percent_encoded_and_lead_back_to_the_files(awkward_names):
    doc = json.loads(invoke_in(awkward_names, "--format", "sarif", "storm drafts").stdout)
    assert_valid_sarif(doc)
    located = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert "storm%20drafts/Winter%20storm%20draft.txt" in located
    for uri in located:
        assert urlsplit(uri).scheme == ""  # relative to the repository root: "a:b.txt" must not read as scheme "a"
        assert (awkward_names / unquote(uri)).is_file()


def test_sarif_uris_for_drafts_outside_the_working_folder_are_file_uris(awkward_names, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    doc = json.loads(invoke_in(elsewhere, "--format", "sarif", awkward_names / "storm drafts").stdout)
    assert_valid_sarif(doc)
    located = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in doc["runs"][0]["results"]}
    assert located == {(awkward_names / "storm drafts" / name).as_uri()
                       for name in ["Winter storm draft.txt", "café señal.txt", "a:b.txt"]}


def test_sarif_for_stdin_uses_the_documented_placeholder():
    from postguard.inputs.draft import STDIN_NAME
    from postguard.report import locations

    assert locations.STDIN_PATH == STDIN_NAME  # renderers may not import inputs: the two must agree
    result = CliRunner().invoke(main, ["check", "--format", "sarif", "-"], input="Only an idiot would say that.")
    doc = json.loads(result.stdout)
    assert_valid_sarif(doc)
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in doc["runs"][0]["results"]} == {"stdin"}


def test_sarif_whole_draft_finding_points_at_the_first_line_of_the_body(tmp_path):
    (tmp_path / "vague.md").write_text("---\nplatform: x\n---\nok fine\n", encoding="utf-8")
    doc = json.loads(invoke("--format", "sarif", tmp_path / "vague.md").stdout)
    assert_valid_sarif(doc)
    whole = next(r for r in doc["runs"][0]["results"] if r["ruleId"] == "necessary.content-type")
    assert whole["locations"][0]["physicalLocation"]["region"] == {"startLine": 4}


def _fingerprints(folder) -> dict[str, list[tuple[int, str]]]:
    doc = json.loads(invoke("--format", "sarif", folder).stdout)
    found: dict[str, list] = {}
    for r in doc["runs"][0]["results"]:
        found.setdefault(r["ruleId"], []).append(
            (r["locations"][0]["physicalLocation"]["region"]["startLine"], r["partialFingerprints"]["postguard/v1"]))
    return found


def test_sarif_fingerprints_follow_a_finding_when_lines_move_and_tell_findings_apart(tmp_path):
    draft = tmp_path / "reply.md"
    draft.write_text("---\ntype: reply\n---\nOnly an idiot would say that. What an idiot.\n", encoding="utf-8")
    first, again = _fingerprints(tmp_path), _fingerprints(tmp_path)
    assert first == again
    [(line, one), (_, two)] = first["attack.name-calling"]  # the same word twice in one file: two findings
    assert one != two
    every = [p for found in first.values() for _, p in found]
    assert len(every) == len(set(every))
    draft.write_text("---\ntype: reply\n---\n\nOnly an idiot would say that. What an idiot.\n", encoding="utf-8")
    moved = _fingerprints(tmp_path)
    assert [line for line, _ in moved["attack.name-calling"]] == [line + 1, line + 1]
    assert {k: [p for _, p in v] for k, v in moved.items()} == {k: [p for _, p in v] for k, v in first.items()}


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id")


def test_sarif_help_uris_land_on_the_rule_on_the_transparency_page(drafts_with_everything):
    doc = json.loads(invoke("--format", "sarif", drafts_with_everything).stdout)
    assert_valid_sarif(doc)
    page = _Ids()
    page.feed(CliRunner().invoke(main, ["policy", "show", "--format", "html"]).stdout)
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(urlsplit(r["helpUri"]).scheme == "https" for r in rules)
    for rule in rules:
        assert unquote(urlsplit(rule["helpUri"]).fragment) in page.ids, rule["helpUri"]
    help_uri = {r["id"]: r["helpUri"] for r in rules}
    assert help_uri["attack.name-calling"] == "https://www.cabq.gov/transparency#rule-attack.name-calling"


# --- JUnit: Jenkins' schema --------------------------------------------------------------------------------

def test_junit_is_valid_against_the_jenkins_xunit_schema(drafts_with_everything):
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    result = invoke("--format", "junit", drafts_with_everything)
    schema.validate(result.stdout.encode("utf-8"))  # raises with the offending element and attribute
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    [suite] = root.iter("testsuite")
    cases = list(suite.iter("testcase"))
    for element in (root, suite):  # the counts agree with the cases a dashboard will list
        assert element.get("tests") == str(len(cases))
        assert element.get("failures") == str(sum(c.find("failure") is not None for c in cases))
        assert element.get("errors") == str(sum(c.find("error") is not None for c in cases))


def test_the_junit_schema_rejects_a_file_attribute_on_a_test_case():
    schema = xmlschema.XMLSchema(str(JUNIT_XSD))
    bad = '<testsuites><testsuite name="s" tests="1" failures="0" errors="0"><testcase name="a" file="a.md"/>' \
          '</testsuite></testsuites>'
    assert not schema.is_valid(bad)
    assert schema.is_valid(bad.replace(' file="a.md"', ""))


# --- concise: one line per finding ----------------------------------------------------------------------------

CONCISE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<severity>info|warning|error|critical) "
                     r"(?P<rule>\S+) (?P<message>.+)$")


def concise(*args) -> list[str]:
    """The concise report's lines, less the notes about checks that cannot run where a model lacks a label."""
    return [line for line in invoke("--format", "concise", *args).stdout.splitlines()
            if not line.startswith("postguard: warning: ")]


def test_concise_is_one_matchable_line_per_finding_then_a_count(drafts_with_everything):
    *lines, last = concise(drafts_with_everything)
    matches = [CONCISE.match(line) for line in lines]
    assert all(matches), lines
    by_file = {}
    for m in matches:
        by_file.setdefault(Path(m["path"]).name, []).append(m)
    idiot = next(m for m in by_file["bad.md"] if m["rule"] == "attack.name-calling")
    assert (idiot["line"], idiot["col"], idiot["severity"]) == ("4", "9", "critical")
    assert idiot["message"].startswith('"idiot": ') and idiot["message"].endswith("(Res. §1.A.3)")
    [shouting] = [m for m in by_file["waived.md"] if m["rule"] == "argue.shouting"]
    assert shouting["message"].endswith("(waived)")
    [broken] = by_file["broken.txt"]
    assert (broken["line"], broken["col"], broken["severity"], broken["rule"]) == ("1", "1", "error", "input")
    assert last == f"Found {len(lines) - 1} findings (1 waived) and 1 unreadable draft."
    assert not CONCISE.match(last)


def test_concise_whole_draft_finding_is_at_the_body_and_a_line_break_never_splits_a_finding(tmp_path):
    (tmp_path / "two\nlines.md").write_text("---\nplatform: x\n---\nok fine\n", encoding="utf-8")
    lines = concise(tmp_path)
    whole = next(CONCISE.match(line) for line in lines if " necessary.content-type " in line)
    assert whole["path"] == str(tmp_path / "two\u240alines.md")
    assert (whole["line"], whole["col"]) == ("4", "1")
    assert all(CONCISE.match(line) for line in lines[:-1]) and lines[-1].startswith("Found ")


def test_concise_says_all_checks_passed_when_there_is_nothing_to_report():
    assert invoke("--format", "concise", EXAMPLES / "01-water-main-closure.md").exit_code == 0
    assert concise(EXAMPLES / "01-water-main-closure.md") == ["All checks passed!"]


# --- GitLab Code Quality ---------------------------------------------------------------------------------

def test_gitlab_code_quality_report_has_what_gitlab_requires(drafts_with_everything):
    repo = drafts_with_everything.parent
    issues = json.loads(invoke_in(repo, "--format", "gitlab", drafts_with_everything).stdout)
    assert isinstance(issues, list) and issues
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert re.fullmatch(r"[0-9a-f]{32,64}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        path = issue["location"]["path"]
        assert not Path(path).is_absolute() and not path.startswith("./") and (repo / path).is_file()
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    by_rule = {i["check_name"]: i for i in issues}
    assert by_rule["attack.name-calling"]["severity"] == "critical"
    assert by_rule["attack.name-calling"]["location"] == {"path": f"{drafts_with_everything.name}/bad.md",
                                                          "lines": {"begin": 4}}
    assert by_rule["argue.shouting"]["severity"] == "info" and "waived: Evacuation order" in \
        by_rule["argue.shouting"]["description"]
    assert by_rule["input"]["location"]["path"].endswith("broken.txt")
