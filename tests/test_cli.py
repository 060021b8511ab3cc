"""The command line as people and CI use it: exit codes, stdin, folders, bad input, formats."""
import json
import re
import subprocess
import sys

from click.testing import CliRunner

from conftest import EXAMPLES
from postguard.cli import main

ANSI = re.compile(r"\x1b\[")


def test_example_drafts_screen_with_mixed_results_and_exit_1(run_cli):
    result = run_cli("check", EXAMPLES)
    assert result.returncode == 1, result.stderr
    assert "PASS  " in result.stdout and "FAIL  " in result.stdout
    assert "Res. §1.A.3 Prohibition on Personal Attacks" in result.stdout
    assert ">>That's a lie<<" in result.stdout  # the offending words are marked in plain output
    assert "→ " in result.stdout  # every finding carries a suggestion
    assert re.search(r"15 drafts: 9 passed, 6 failed", result.stdout)
    assert "type: reply to a resident · True pass · Helpful pass · Necessary pass · Conduct FAIL" in result.stdout
    assert not ANSI.search(result.stdout)  # NO_COLOR and no TTY: plain text
    assert "Traceback" not in result.stderr


def test_clean_draft_exits_0(run_cli):
    result = run_cli("check", EXAMPLES / "02-movie-night.md")
    assert result.returncode == 0 and "PASS" in result.stdout


def test_stdin_dash(run_cli):
    result = run_cli("check", "-", stdin="You people never read the schedule.")
    assert result.returncode == 1 and "<stdin>" in result.stdout and "conduct.condescension" in result.stdout


def test_unreadable_draft_exits_2_with_one_line_and_the_rest_is_still_screened(run_cli, tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage")
    (tmp_path / "ok.txt").write_text("Only an idiot would park here.", encoding="utf-8")
    result = run_cli("check", "--format", "json", tmp_path)
    assert result.returncode == 2
    doc = json.loads(result.stdout)
    by_path = {d["path"]: d for d in doc["drafts"]}
    assert by_path[str(tmp_path / "ok.txt")]["passed"] is False
    assert by_path[str(tmp_path / "binary.txt")]["status"] == "error"
    [line] = result.stderr.strip().splitlines()
    assert str(tmp_path / "binary.txt") in line and "binary" in line


def test_invalid_rules_exit_2_with_one_line_no_traceback(run_cli, tmp_path):
    pack = tmp_path / "bad.yaml"
    pack.write_text("rules:\n  - id: a\n    kind: regex\n", encoding="utf-8")
    result = run_cli("check", "--rules", pack, EXAMPLES / "02-movie-night.md")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "bad.yaml:2" in result.stderr and "missing 'title'" in result.stderr


def test_json_report_is_documented_shape(run_cli):
    result = run_cli("check", "--format", "json", EXAMPLES / "replies")
    doc = json.loads(result.stdout)
    assert doc["schema_version"] == "1.0"
    assert doc["tool"]["name"] == "postguard" and doc["policy"]["version"]
    assert doc["pipeline"].startswith("en_core_web_sm") and "alt-profanity-check" in doc["classifier"]
    assert doc["summary"] == {"drafts": 5, "passed": 3, "failed": 2, "errors": 0, "exit_code": 1}
    snarky = next(d for d in doc["drafts"] if d["path"].endswith("11-pothole-snarky.md"))
    conduct = snarky["criteria"]["conduct"]
    assert conduct["passed"] is False
    assert {"argue.read-the-post", "argue.dismissive", "reply.no-acknowledgement"} <= set(conduct["findings"])
    assert snarky["reply"]["kind"] == "complaint" and "offline channel" in snarky["reply"]["guideline"]
    assert snarky["criteria"]["true"]["passed"] is True
    assert snarky["content_type"] == {"name": "reply", "inferred": False}
    finding = snarky["findings"][0]
    assert set(finding) >= {"rule_id", "severity", "criterion", "policy_ref", "message", "suggestion", "line",
                            "column", "matched_text"}
    assert finding["line"] == 10 and finding["matched_text"] == "Maybe try reading the post"


def test_python_dash_m_works(tmp_path, isolated_models_dir):
    result = subprocess.run([sys.executable, "-m", "postguard", "check", "-"], input="Trash pickup is on Monday.",
                            capture_output=True, text=True, env={"NO_COLOR": "1", "PATH": "",
                                                                 "POSTGUARD_MODELS_DIR": str(isolated_models_dir),
                                                                 "POSTGUARD_CACHE_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_rules_list_explain_and_test(run_cli):
    listing = run_cli("rules", "list", "--format", "json")
    rows = json.loads(listing.stdout)
    assert len(rows) >= 40 and {"id", "severity", "criterion", "policy_ref"} <= set(rows[0])
    explained = run_cli("rules", "explain", "attack.liar")
    assert "Res. §1.A.3" in explained.stdout and "That's a lie and you know it." in explained.stdout
    assert "discipline" in explained.stdout.lower()
    assert "{LEMMA: {IN: [think, believe]}}" in explained.stdout  # brackets in text are never eaten as markup
    tested = run_cli("rules", "test")
    assert tested.returncode == 0 and re.search(r"\d+ passed, 0 failed", tested.stdout)


def test_rules_test_reports_a_rule_that_misbehaves(tmp_path, screener):
    pack = tmp_path / "dept.yaml"
    pack.write_text("""rules:
  - id: dept.sloppy
    title: Sloppy
    kind: phrases
    phrases: [parade]
    criterion: conduct
    section: "§1.A.1"
    severity: warning
    message: m
    suggestion: s
    examples: {flag: ["The march starts at noon."], pass: ["The parade starts at noon."]}
""", encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "test", "--rules", str(pack), "dept.sloppy"])
    assert result.exit_code == 1
    assert "dept.sloppy did not flag its flag example" in result.output
    assert "dept.sloppy flagged its pass example" in result.output
    assert "0 passed, 2 failed" in result.output


def test_unknown_rule_id_is_exit_2():
    result = CliRunner().invoke(main, ["rules", "explain", "no.such.rule"])
    assert result.exit_code == 2 and "no rule with id 'no.such.rule'" in result.output


def test_in_process_check_matches_exit_codes(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(EXAMPLES / "05-flu-shots.txt")]).exit_code == 0
    assert runner.invoke(main, ["check", str(EXAMPLES / "08-shouting-parking.txt")]).exit_code == 1
    assert runner.invoke(main, ["check", str(tmp_path / "missing.txt")]).exit_code == 2
    fail_on = runner.invoke(main, ["check", "--fail-on", "critical", str(EXAMPLES / "08-shouting-parking.txt")])
    assert fail_on.exit_code == 0  # only errors and warnings there


def test_color_is_used_when_forced_and_absent_with_no_color():
    runner = CliRunner()
    colored = runner.invoke(main, ["check", "--color", str(EXAMPLES / "14-liar-reply.md")])
    assert ANSI.search(colored.output)
    plain = runner.invoke(main, ["check", str(EXAMPLES / "14-liar-reply.md")], env={"NO_COLOR": "1"})
    assert not ANSI.search(plain.output)


def test_plain_report_reads_the_same_as_the_coloured_one_without_its_codes():
    """Logs and pipes get the plain writer (no rich): the same lines, the words marked >>so<<."""
    runner = CliRunner()
    draft = str(EXAMPLES / "14-liar-reply.md")
    plain = runner.invoke(main, ["check", "--no-cache", draft], env={"NO_COLOR": "1"}).output
    colored = runner.invoke(main, ["check", "--no-cache", "--color", draft]).output
    assert ">>" in plain and "<<" in plain and not ANSI.search(plain)
    without_codes = re.sub(r"\x1b\[[0-9;]*m", "", colored)
    assert plain.replace(">>", "").replace("<<", "").split() == without_codes.split()


def test_a_closed_pipe_ends_the_report_quietly(run_cli, tmp_path):
    """`postguard check … | head -1`: no 'internal error' and no traceback when the reader stops."""
    for i in range(150):  # a report far larger than a pipe's buffer, so the writer meets the closed pipe
        (tmp_path / f"d{i:03d}.txt").write_text(f"Draft {i}: only an idiot would park there, lol. Do your research.",
                                                 encoding="utf-8")
    script = (f"{sys.executable} -m postguard check --no-cache {tmp_path} | head -1")
    result = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True, timeout=300)
    assert result.stdout.startswith(" PASS ") or result.stdout.startswith(" FAIL ")
    assert result.stderr == "" and result.returncode == 141


def test_config_file_sets_fail_level_and_packs(tmp_path):
    (tmp_path / "extra.yaml").write_text("rules:\n  - id: argue.shouting\n    severity: error\n", encoding="utf-8")
    config = tmp_path / "postguard.yaml"
    config.write_text("fail_on: error\nrules: [extra.yaml]\n", encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("PLEASE DO NOT FEED THE DUCKS AT THE POND.", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(draft)]).exit_code == 0
    assert runner.invoke(main, ["check", "--config", str(config), str(draft)]).exit_code == 1
    bad = tmp_path / "bad.yaml"
    bad.write_text("fail_on: sometimes\n", encoding="utf-8")
    result = runner.invoke(main, ["check", "--config", str(bad), str(draft)])
    assert result.exit_code == 2 and "bad.yaml:1" in result.output


def test_missing_spacy_pipeline_is_one_line_naming_the_install_command():
    result = CliRunner().invoke(main, ["check", "--no-cache", "--spacy-model", "xx_no_such_pipeline",
                                       str(EXAMPLES / "05-flu-shots.txt")])
    assert result.exit_code == 2
    assert "spaCy pipeline 'xx_no_such_pipeline' is not installed" in result.output
    assert "pip install xx-no-such-pipeline" in result.output and "Traceback" not in result.output
