"""The conventions users of ruff, sqlfluff, yamllint and Vale reach for, on `postguard check`."""
import io
import json
import textwrap

from click.testing import CliRunner

from conftest import EXAMPLES
from postguard.cli import main

RUDE = "Only an idiot would park there. FOR THE LAST TIME, DO NOT PARK ON THE GRASS!!!"


def check(*args, stdin=None, env=None):
    return CliRunner().invoke(main, ["check", "--no-cache", *map(str, args)], input=stdin,
                              env={"NO_COLOR": "1", **(env or {})})


def rules_in(result) -> set[str]:
    return {row["rule_id"] for row in json.loads(result.stdout)["rules"]}


def test_select_and_ignore_take_ids_and_prefixes(tmp_path):
    draft = tmp_path / "rude.txt"
    draft.write_text(RUDE, encoding="utf-8")
    everything = rules_in(check("--statistics", "--format", "json", draft))
    assert {"attack.name-calling", "argue.shouting", "argue.exclamations"} <= everything
    only_argue = rules_in(check("--statistics", "--format", "json", "--select", "argue", draft))
    assert only_argue and all(r.startswith("argue.") for r in only_argue)
    two = rules_in(check("--statistics", "--format", "json", "--select", "argue.shouting,attack.name-calling", draft))
    assert two == {"argue.shouting", "attack.name-calling"}
    ignored = rules_in(check("--statistics", "--format", "json", "--ignore", "attack", "--ignore", "argue.shouting",
                             draft))
    assert not any(r.startswith("attack.") for r in ignored) and "argue.shouting" not in ignored
    assert "argue.exclamations" in ignored


def test_a_selector_that_matches_no_rule_is_exit_2_with_a_suggestion(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Free flu shots on Saturday at the Westside Community Center.", encoding="utf-8")
    result = check("--select", "condcut", draft)
    assert result.exit_code == 2 and "no rule matches 'condcut'" in result.output and "'conduct'" in result.output


def test_select_and_ignore_in_the_config_and_the_command_line_wins(tmp_path):
    draft = tmp_path / "rude.txt"
    draft.write_text(RUDE, encoding="utf-8")
    config = tmp_path / ".postguard.yaml"
    config.write_text("select: [argue]\nignore: [argue.exclamations]\n", encoding="utf-8")
    from_config = rules_in(check("--config", config, "--statistics", "--format", "json", draft))
    assert from_config and all(r.startswith("argue.") for r in from_config) and "argue.exclamations" not in from_config
    from_cli = rules_in(check("--config", config, "--select", "attack", "--statistics", "--format", "json", draft))
    assert from_cli and all(r.startswith("attack.") for r in from_cli)
    config.write_text("select: 5\n", encoding="utf-8")
    bad = check("--config", config, draft)
    assert bad.exit_code == 2 and ".postguard.yaml:1" in bad.output


def test_exit_zero_turns_a_policy_failure_into_0_but_never_an_unreadable_draft(tmp_path):
    bad = EXAMPLES / "08-shouting-parking.txt"
    assert check(bad).exit_code == 1
    assert check("--exit-zero", bad).exit_code == 0
    assert check("--exit-zero", bad, tmp_path / "missing.txt").exit_code == 2


def test_quiet_shows_only_failing_drafts_and_the_summary():
    result = check("--quiet", EXAMPLES)
    assert " FAIL " in result.output and " PASS " not in result.output
    assert "15 drafts:" in result.output and "passed" in result.output


def test_statistics_count_each_rule_most_frequent_first():
    result = check("--statistics", EXAMPLES)
    lines = result.output.strip().splitlines()
    counts = [int(line.split()[0]) for line in lines[:-1]]
    assert counts == sorted(counts, reverse=True) and sum(counts) > 0
    assert lines[-1].startswith(f"Found {sum(counts)} findings in 15 drafts")
    assert result.exit_code == 1  # the exit code is still the policy's verdict
    assert check("--statistics", "--format", "sarif", EXAMPLES).exit_code == 2


def test_stdin_filename_names_the_draft_and_reads_it_as_that_file(tmp_path):
    text = "---\nplatform: x\n---\nOnly an idiot would say that.\n"
    result = check("--format", "json", "--stdin-filename", "drafts/Winter storm.md", "-", stdin=text)
    draft = json.loads(result.stdout)["drafts"][0]
    assert draft["path"] == "drafts/Winter storm.md" and draft["metadata"]["platform"] == "x"
    finding = next(f for f in draft["findings"] if f["rule_id"] == "attack.name-calling")
    assert finding["line"] == 4  # front matter read, lines counted as in the file
    as_text = check("--format", "json", "--stdin-filename", "notes.txt", "-", stdin=text)
    assert json.loads(as_text.stdout)["drafts"][0]["metadata"].get("platform") is None  # a .txt has no front matter
    misuse = check("--stdin-filename", "x.md", EXAMPLES / "05-flu-shots.txt")
    assert misuse.exit_code == 2 and "--stdin-filename" in misuse.output


def test_an_inline_directive_waives_a_rule_on_its_lines_only_with_reason_and_approver(tmp_path):
    draft = tmp_path / "storm.md"
    draft.write_text(textwrap.dedent("""\
        ---
        platform: x
        ---
        <!-- postguard-disable conduct.mockery reason="Quoting the mayor's joke" approved-by="PIO J. Ortiz" -->
        The snow can't read our plow schedule, lol.
        <!-- postguard-enable conduct.mockery -->
        Shelter at the Westside Community Center.

        The shelter is open all night, lol.
        """), encoding="utf-8")
    findings = json.loads(check("--format", "json", draft).stdout)["drafts"][0]["findings"]
    marks = {f["line"]: f["waived"] for f in findings if f["rule_id"] == "conduct.mockery"}
    assert marks[5] == {"reason": "Quoting the mayor's joke", "approved_by": "PIO J. Ortiz"}
    assert marks[9] is None  # after postguard-enable the rule is back
    assert not any("postguard" in (f.get("matched_text") or "") for f in findings)  # the directive is not the post


def test_an_inline_directive_without_an_approver_or_on_a_critical_rule_is_itself_a_finding(tmp_path):
    draft = tmp_path / "reply.md"
    draft.write_text(textwrap.dedent("""\
        <!-- postguard-disable-next-line argue.shouting reason="Evacuation order" -->
        EVACUATE NOW: LEAVE THE AREA EAST OF TRAMWAY IMMEDIATELY.
        <!-- postguard-disable-next-line attack.name-calling reason="quoting" approved-by="PIO" -->
        Only an idiot would drive into a flooded road.
        """), encoding="utf-8")
    result = check("--format", "json", draft)
    findings = json.loads(result.stdout)["drafts"][0]["findings"]
    incomplete = next(f for f in findings if f["rule_id"] == "waiver.incomplete")
    assert incomplete["line"] == 1 and "approver" in incomplete["message"]
    assert next(f for f in findings if f["rule_id"] == "argue.shouting")["waived"] is None
    assert any(f["rule_id"] == "waiver.not-waivable" and f["line"] == 3 for f in findings)
    assert next(f for f in findings if f["rule_id"] == "attack.name-calling")["waived"] is None
    assert result.exit_code == 1


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_a_progress_bar_shows_on_a_terminal_after_a_while_and_never_in_ci_or_a_pipe(monkeypatch):
    from postguard.cli import progress

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr("sys.stderr", io.StringIO())
    assert progress.progress_bar(500) is None  # a pipe
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    monkeypatch.setenv("CI", "true")
    assert progress.progress_bar(500) is None  # a CI log, even on a pseudo-terminal
    monkeypatch.delenv("CI")
    monkeypatch.setattr(progress, "SHOW_AFTER_S", 0.0)
    advance = progress.progress_bar(500)
    advance(128)
    advance(372)
    assert "screening" in terminal.getvalue() and "500/500" in terminal.getvalue()
