"""Hostile command lines, configs, packs and files around a run: one line and exit 2, nothing a
user wrote overwritten, no traceback, and whatever can still be screened is."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import console_script

GOOD = "The Westside pool reopens Saturday at 10 a.m. Lifeguards are on duty until 6 p.m."
REGEX_RULE = """rules:
  - id: dept.runaway
    title: Runaway
    kind: regex
    patterns: ["{pattern}"]
    criterion: conduct
    section: "§1.A.1"
    severity: warning
    message: M.
    suggestion: S.
    examples:
      flag: ["aa", "a a", "aaa"]
      pass: ["b", "c", "d"]
"""


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def no_traceback(done):
    assert "Traceback" not in done.stderr + done.stdout
    return done


def statuses(done):
    return {os.path.basename(d["path"]): d["status"] for d in json.loads(done.stdout)["drafts"]}


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_device_or_a_pipe_on_the_command_line_is_refused_not_read_forever(run_cli, good, tmp_path, special):
    if special == "fifo":
        special = tmp_path / "pipe.txt"
        os.mkfifo(special)
    done = no_traceback(run_cli("check", "--format", "json", "--no-cache", special, good))
    assert done.returncode == 2
    assert statuses(done) == {os.path.basename(str(special)): "error", "good.txt": "pass"}
    assert "not a regular file" in done.stderr


def test_output_onto_a_draft_is_refused_and_the_draft_is_untouched(run_cli, good):
    done = no_traceback(run_cli("check", "-o", good, good))
    assert done.returncode == 2 and "is one of the drafts being screened" in done.stderr
    assert good.read_text(encoding="utf-8") == GOOD


def test_output_into_a_missing_folder_fails_before_screening(run_cli, good, tmp_path):
    done = no_traceback(run_cli("check", "-o", tmp_path / "nodir" / "r.json", good))
    assert done.returncode == 2 and "does not exist" in done.stderr and "PASS" not in done.stdout


def test_a_ref_that_looks_like_an_option_never_reaches_git(run_cli, good, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    done = no_traceback(run_cli("check", f"--changed-since=--output={victim}", good, cwd=tmp_path))
    assert done.returncode == 2 and "is not a git ref" in done.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_cache_is_moved_aside_rebuilt_and_said_once(run_cli, good, tmp_path, damage):
    cache = tmp_path / "cache"
    env = {"POSTGUARD_CACHE_DIR": str(cache)}
    assert run_cli("check", good, env=env).returncode == 0
    db = cache / "findings.sqlite3"
    if damage == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    else:
        with sqlite3.connect(db) as conn:  # make the file big enough that cutting it loses pages
            conn.executemany("INSERT INTO findings VALUES (?, ?)", [(str(i), "x" * 2000) for i in range(200)])
        db.write_bytes(db.read_bytes()[: db.stat().st_size // 3])
    for attempt in range(2):
        done = no_traceback(run_cli("check", good, env=env))
        assert done.returncode == 0 and "PASS" in done.stdout
        assert ("was damaged" in done.stderr) == (attempt == 0)
    assert list(cache.glob("findings.sqlite3.corrupt-*"))


@pytest.mark.parametrize("config, fragment", [
    ("rules: 5\n", "'rules' must be a list"),
    ("cache: maybe\n", "'cache' must be true or false"),
    ("toxicity: {backend: gpu}\n", "must be one of"),
    ("max_draft_chars: lots\n", "must be a number"),
    ("rules: &a [x]\nofficial_domains: " + "[" * 100 + "]" * 100 + "\n", "nested more than"),
])
def test_a_bad_config_value_is_one_line_with_its_line(run_cli, good, tmp_path, config, fragment):
    path = tmp_path / "pg.yaml"
    path.write_text(config, encoding="utf-8")
    done = no_traceback(run_cli("check", "--config", path, good))
    assert done.returncode == 2 and fragment in done.stderr and str(path) in done.stderr


@pytest.mark.parametrize("pack, fragment", [
    (REGEX_RULE.format(pattern="(a|aa)+$"), "catastrophic backtracking"),
    (REGEX_RULE.format(pattern="a").replace("    severity: warning", "    severity: warning\n    unless: ['(x|xx)+y']"),
     "catastrophic backtracking"),
    ("rules:\n  - id: necessary.platform-length\n    limits: &a {x: 1}\n  - id: helpful.hashtags\n"
     "    enabled: false\n" + "".join(f"x{i}: &x{i} [*x{i - 1}, *x{i - 1}, *x{i - 1}, *x{i - 1}, *x{i - 1}, *x{i - 1}]\n"
                                       for i in range(1, 12)).replace("*x0", "*a"), "aliases are expanded"),
])
def test_a_runaway_pack_is_refused_at_load_in_well_under_a_second(run_cli, good, tmp_path, pack, fragment):
    path = tmp_path / "dept.yaml"
    path.write_text(pack, encoding="utf-8")
    started = time.monotonic()
    done = no_traceback(run_cli("check", "--rules", path, good))
    assert done.returncode == 2 and fragment in done.stderr, done.stderr
    assert time.monotonic() - started < 60  # a hang guard, not a speed target (benchmarks/fuzz.py measures)


def test_a_file_name_cannot_inject_markdown_into_a_pull_request_comment(run_cli, tmp_path):
    weird = tmp_path / "x`\n# Approved by the mayor\n.txt"
    weird.write_text("You people are idiots.", encoding="utf-8")
    done = no_traceback(run_cli("check", "--format", "markdown", weird))
    assert done.returncode == 1
    assert not any(line.startswith("# Approved") for line in done.stdout.splitlines())


def test_escape_sequences_in_a_draft_never_reach_the_terminal(run_cli, tmp_path):
    draft = tmp_path / "d.md"
    draft.write_text('---\naccount: "\\e]0;pwned\\a"\n---\nYou people are idiots.\x1b[2J\x1b]8;;http://evil\x07',
                     encoding="utf-8")
    done = no_traceback(run_cli("check", draft))
    assert done.returncode == 1 and "\x1b" not in done.stdout and "\x07" not in done.stdout
    assert "␛" in done.stdout  # shown, not hidden


def test_ctrl_c_stops_a_batch_with_one_line_and_exit_130(tmp_path, isolated_models_dir):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"d{i:03d}.txt").write_text(f"Draft {i}: the pool on street {i} opens at 10 a.m. on Saturday.",
                                              encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1", "POSTGUARD_CACHE_DIR": str(tmp_path / "cache")}
    # A shell's background job ignores SIGINT and its children inherit that (Python then installs no
    # handler): give the child the default disposition a terminal's foreground job has.
    process = subprocess.Popen([console_script(), "check", "--processes", "2", str(folder)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    time.sleep(3)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the whole process group
    out, err = process.communicate(timeout=60)
    assert "Traceback" not in out + err
    assert process.returncode == 130, (process.returncode, err[-300:])
    assert err.strip().splitlines()[-1] == "postguard: interrupted"


def test_a_bug_on_one_draft_costs_that_draft_only(screener):
    from postguard import Screener
    from postguard.inputs import make_draft

    class Flaky:
        name, labels = screener.classifier.name, screener.classifier.labels

        def score(self, texts):
            if any("boom" in t for t in texts):
                raise ValueError("boom")
            return screener.classifier.score(texts)

    tool = Screener(screener.policy, screener.config, nlp=screener.nlp, classifier=Flaky())
    drafts = [make_draft(GOOD, "a.txt"), make_draft("boom goes the draft", "b.txt"),
              make_draft("You people are idiots.", "c.txt")]
    run = tool.run(drafts)
    assert [v.draft.path for v in run.verdicts] == ["a.txt", "c.txt"]
    assert [v.passed for v in run.verdicts] == [True, False]
    [problem] = run.problems
    assert problem.path == "b.txt" and "could not screen" in problem.message and "bug" in problem.message
    assert run.exit_code == 2


def test_a_pack_pattern_that_stalls_on_one_draft_costs_that_draft_only(screener, tmp_path, monkeypatch):
    from postguard import Screener, load_policy
    from postguard.policy import patterns as pack_regex
    from postguard.inputs import make_draft

    monkeypatch.setattr(pack_regex, "_bait", lambda pattern: [])  # let it past the load-time trial
    monkeypatch.setattr(pack_regex, "SCREEN_TIMEOUT_S", 0.2)
    pack = tmp_path / "dept.yaml"
    pack.write_text(REGEX_RULE.format(pattern="(a|aa)+$"), encoding="utf-8")
    tool = Screener(load_policy([pack]), screener.config, nlp=screener.nlp, classifier=screener.classifier)
    run = tool.run([make_draft(GOOD, "a.txt"), make_draft("a" * 40 + "!", "b.txt")])
    assert [v.draft.path for v in run.verdicts] == ["a.txt"] and run.verdicts[0].passed
    [problem] = run.problems
    assert problem.path == "b.txt" and "took over" in problem.message and "dept.runaway" in problem.message
