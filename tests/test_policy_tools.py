"""The policy's life: review dates that cannot be forgotten (§1.A.8), `policy status`, `policy
lint`, and `policy diff` for the executive communication to the Council (§2)."""
import datetime as dt
import json
import shutil
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from postguard import load_policy
from postguard.policy.diff import diff_policies, load_side
from postguard.policy.review import add_months, overdue_notice, review_status

ROOT = Path(__file__).resolve().parents[1]
PASSING_DRAFT = ROOT / "examples" / "drafts" / "01-water-main-closure.md"
OVERDUE = {"POSTGUARD_TODAY": "2028-01-02"}  # the shipped policy was last reviewed 2026-11-25, every 12 months
NOT_DUE = {"POSTGUARD_TODAY": "2026-12-01"}


# --- review dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("start, months, expected", [
    ("2026-11-29", 12, "2027-11-29"),  # the old code said 2027-11-28
    ("2026-01-31", 1, "2026-02-28"),
    ("2028-01-31", 1, "2028-02-29"),
    ("2026-08-31", 6, "2027-02-28"),
    ("2026-11-25", 12, "2027-11-25"),
])
def test_review_dates_use_calendar_months(start, months, expected):
    assert add_months(dt.date.fromisoformat(start), months) == dt.date.fromisoformat(expected)


def test_the_review_is_overdue_only_after_the_day_it_falls_due(policy):
    meta = replace(policy.meta, last_reviewed="2026-11-29", review_interval_months=12)
    assert review_status(meta, dt.date(2027, 11, 29)).next_review == dt.date(2027, 11, 29)
    assert review_status(meta, dt.date(2027, 11, 29)).overdue_since is None
    assert review_status(meta, dt.date(2027, 11, 30)).overdue_since == dt.date(2027, 11, 29)
    assert overdue_notice(policy, dt.date(2027, 11, 25)) == ""
    notice = overdue_notice(policy, dt.date(2027, 11, 26))
    assert notice.startswith("the policy's review is overdue since 2027-11-25 (last reviewed 2026-11-25")
    assert notice.endswith("update policy.last_reviewed in " + str(ROOT / "rules" / "policy.yaml"))


def test_policy_status_prints_the_schedule_and_says_when_it_is_overdue(run_cli):
    done = run_cli("policy", "status", env=NOT_DUE)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "policy:        Official City Social Media Accounts — posting standards (cabq-social-media)",
        "version:       1.0.0",
        "adopted:       2026-11-01",
        "last reviewed: 2026-11-25",
        "next review:   2027-11-25 (every 12 months)",
        "owner:         Office of Communications (policy owner); each department's public information officer"]
    late = run_cli("policy", "status", env=OVERDUE)
    assert late.stdout.splitlines()[-1] == "review:        OVERDUE since 2027-11-25"
    wrong = run_cli("policy", "status", env={"POSTGUARD_TODAY": "02/01/2028"})
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1
    assert "POSTGUARD_TODAY='02/01/2028' is not a date — write it as YYYY-MM-DD" in wrong.stderr


def test_check_warns_once_when_the_review_is_overdue_and_fail_on_warning_fails(run_cli):
    done = run_cli("check", PASSING_DRAFT, env=OVERDUE)
    assert done.returncode == 0, done.stderr  # a passing draft still passes...
    warning = "postguard: warning: the policy's review is overdue since 2027-11-25"
    assert done.stderr.count(warning) == 1 and done.stderr.count("overdue") == 1
    assert "warning: the policy's review is overdue since 2027-11-25" in done.stdout  # ...and the summary says so
    strict = run_cli("check", "--fail-on", "warning", "--format", "json", PASSING_DRAFT, env=OVERDUE)
    assert strict.returncode == 1  # CI that fails on warnings fails on a forgotten review
    report = json.loads(strict.stdout)
    assert report["policy"]["review_overdue"].startswith("the policy's review is overdue since 2027-11-25")
    assert report["summary"]["exit_code"] == 1 and report["drafts"][0]["passed"]


def test_check_says_nothing_about_a_review_that_is_not_due(run_cli):
    done = run_cli("check", "--fail-on", "warning", "--format", "json", PASSING_DRAFT, env=NOT_DUE)
    assert done.returncode == 0 and "overdue" not in done.stderr
    assert json.loads(done.stdout)["policy"]["review_overdue"] is None


# --- policy diff --------------------------------------------------------------------------------

def _remove_rule(path: Path, rule_id: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {rule_id}\n")
    end = text.find("\n  - id: ", start + 1)
    path.write_text(text[:start] + (text[end + 1:] if end != -1 else ""), encoding="utf-8")


def _set_severity(path: Path, rule_id: str, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {rule_id}\n")
    at = text.index(f"severity: {old}\n", start)
    path.write_text(text[:at] + f"severity: {new}\n" + text[at + len(f"severity: {old}\n"):], encoding="utf-8")


@pytest.fixture(scope="module")
def edited_copy(tmp_path_factory):
    copy = tmp_path_factory.mktemp("pack") / "rules"
    shutil.copytree(ROOT / "rules", copy)
    _remove_rule(copy / "attacks.yaml", "attack.liar")
    _set_severity(copy / "argument.yaml", "argue.shouting", "warning", "error")
    return copy


def test_diff_names_exactly_one_removed_rule_and_one_severity_change(edited_copy):
    diff = diff_policies(load_side(ROOT / "rules"), load_side(edited_copy))
    assert [r.id for r in diff.rules_removed] == ["attack.liar"]
    assert [(c.rule.id, c.severity.old, c.severity.new) for c in diff.rules_changed] == [
        ("argue.shouting", "warning", "error")]
    assert not (diff.meta or diff.rules_added or diff.sections_added or diff.sections_removed or diff.sections_changed
                or diff.other_parts or diff.wording_changes or diff.example_changes or diff.other_rule_changes)


def test_policy_diff_command_in_text_and_markdown(run_cli, edited_copy):
    done = run_cli("policy", "diff", ROOT / "rules", edited_copy)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == [
        "", "Rules removed (1):", "  - attack.liar: Calling someone a liar [critical, §1.A.3]",
        "", "Severity changed (1):", "  argue.shouting: warning -> error"]
    markdown = run_cli("policy", "diff", "--format", "markdown", ROOT / "rules", edited_copy).stdout
    assert "## Rules removed (1)\n\n- **Calling someone a liar** (`attack.liar`, critical, §1.A.3)" in markdown
    assert "## Severity changed (1)\n\n- **Shouting in capitals** (`argue.shouting`): warning → error\n" in markdown
    assert markdown.count("\n## ") == 2
    same = run_cli("policy", "diff", ROOT / "rules", ROOT / "rules")
    assert same.stdout.splitlines()[-1] == "No changes."
    missing = run_cli("policy", "diff", ROOT / "rules", ROOT / "no-such-pack")
    assert missing.returncode == 2 and "no-such-pack: no such policy pack" in missing.stderr


def test_diff_of_a_department_pack_shows_wording_examples_and_sections(tmp_path):
    pack = tmp_path / "parks.yaml"
    pack.write_text(textwrap.dedent("""
        sections:
          "§9":
            title: Parks
            text: Posts about parks.
        rules:
          - id: attack.liar
            message: Says someone lied.
            examples:
              flag: ["That's a lie."]
              pass: ["The facts are at cabq.gov."]
          - id: helpful.hashtags
            enabled: false
    """), encoding="utf-8")
    diff = diff_policies(load_policy(), load_side(pack))
    liar = next(c for c in diff.rules_changed if c.rule.id == "attack.liar")
    assert [(w.name, w.new) for w in liar.wording] == [("message", "Says someone lied.")]
    assert liar.examples_added == ("flag: That's a lie.", "pass: The facts are at cabq.gov.")
    assert len(liar.examples_removed) == len(load_policy().rule("attack.liar").examples["flag"]) + len(
        load_policy().rule("attack.liar").examples["pass"])
    assert [s.ref for s in diff.sections_added] == ["§9"]
    hashtags = next(c for c in diff.rules_changed if c.rule.id == "helpful.hashtags")
    assert (hashtags.enabled.old, hashtags.enabled.new) == ("enabled", "disabled")


# --- policy lint --------------------------------------------------------------------------------

def test_lint_of_the_shipped_pack_is_clean(run_cli):
    done = run_cli("policy", "lint")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "policy lint: clean\n"


DANGLING = """\
rules:
  - id: attack.toxicty
    severity: critical
  - id: helpful.hashtags
    enabled: false
  - id: dept.fatal
    title: Fatal
    kind: phrases
    phrases: [boo]
    criterion: conduct
    section: "§9"
    severity: warning
    message: m
    suggestion: s
    examples: {flag: ["boo"], pass: ["hi"]}
  - id: dept.example
    title: '"\\"Spoilers\\""'
    kind: phrases
    phrases: [spoiler alert]
    criterion: conduct
    section: "§1.A.1"
    severity: fatal
    message: m
    suggestion: s
    examples: {flag: ["Spoiler alert: the end."], pass: ["The end."]}
"""


def test_lint_names_every_problem_with_file_and_line(run_cli, tmp_path):
    (tmp_path / "dept.yaml").write_text(DANGLING, encoding="utf-8")
    done = run_cli("policy", "lint", "--rules", "dept.yaml", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("dept.yaml:2 (id): override points at nothing: no rule 'attack.toxicty' — ")
    assert "dept.yaml:17 (title): rule 'dept.example': a backslash before a quote is shown as written" in lines[1]
    # Loading stops at the first error; lint reports each, leaving out one rule at a time:
    assert "dept.yaml:6: rule 'dept.fatal' cites unknown policy section '§9'" in done.stdout
    assert "dept.yaml:22 (severity): severity 'fatal' is not one of: info, warning, error, critical" in done.stdout
    assert "dept.yaml:4 (enabled): rule 'helpful.hashtags' is never enabled" in done.stdout
    assert len(lines) == 5 and done.stderr == "5 problems\n"


def test_lint_names_missing_contacts_and_review_date_and_examples_that_no_longer_behave(run_cli, tmp_path):
    (tmp_path / "alone.yaml").write_text(textwrap.dedent("""\
        extends: none
        policy:
          title: Parks posting rules
          last_reviewed: "next spring"
        sections:
          "§1": Conduct
        rules:
          - id: parks.spoilers
            title: No spoilers
            kind: phrases
            phrases: [spoiler alert]
            criterion: conduct
            section: "§1"
            severity: warning
            message: Spoils the surprise.
            suggestion: Keep the surprise.
            examples:
              flag: ["Spoiler alert: the parade ends at City Hall.", "The butler did it."]
              pass: ["The parade ends at City Hall."]
          - id: attack.liar
            severity: critical
    """), encoding="utf-8")
    done = run_cli("policy", "lint", "--rules", "alone.yaml", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "alone.yaml:20 (id): override points at nothing: no rule 'attack.liar' — check the id with 'postguard rules "
        "list', or give a new rule every field (missing: title, kind, criterion, section, message, suggestion, examples)",
        "alone.yaml:1 (contacts): the policy has no contacts.feedback: the Transparency page cannot say how to give "
        "feedback on the policy — add contacts: {feedback: [{kind: web, address: https://..., label: ...}]}",
        "alone.yaml:1 (contacts): the policy has no contacts.report: the Transparency page cannot say how to report a "
        "post — add contacts: {report: [{kind: web, address: https://..., label: ...}]}",
        "alone.yaml:4 (policy.last_reviewed): 'next spring' is not a date — write it as \"YYYY-MM-DD\"",
        "alone.yaml:8 (examples): rule 'parks.spoilers' no longer flags its flag example “The butler did it.” — fix "
        "the rule, or the example if the rule is right"]


def test_lint_exits_2_when_a_pack_cannot_be_read(run_cli, tmp_path):
    (tmp_path / "broken.yaml").write_text("rules: [\n", encoding="utf-8")
    done = run_cli("policy", "lint", "--rules", "broken.yaml", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "postguard: error: broken.yaml:2: invalid YAML: did not find expected node content — " \
                          "fix the YAML syntax on that line\n"
    missing = run_cli("policy", "lint", "--rules", "nowhere.yaml", cwd=tmp_path)
    assert missing.returncode == 2 and "nowhere.yaml: rules pack not found" in missing.stderr
