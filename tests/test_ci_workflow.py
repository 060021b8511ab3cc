"""The pull-request workflow: changed drafts only, waivers, config discovery, the cache, and the
example GitHub workflow (actionlint)."""
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from postguard.cli import main
from postguard.inputs import load_drafts, make_draft


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@x", "PATH": "/usr/bin:/bin", "HOME": str(repo)})


def test_changed_since_follows_adds_edits_renames_and_skips_deletions(tmp_path, monkeypatch):
    repo = tmp_path / "drafts-repo"
    (repo / "drafts").mkdir(parents=True)
    for name in ("same", "edited", "renamed", "deleted"):
        (repo / "drafts" / f"{name}.txt").write_text(f"Post about {name} things on Friday.\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    (repo / "drafts" / "edited.txt").write_text("Post about edited things on Saturday.\n", encoding="utf-8")
    git(repo, "mv", "drafts/renamed.txt", "drafts/moved.txt")
    git(repo, "rm", "-q", "drafts/deleted.txt")
    (repo / "drafts" / "added.md").write_text("New post for the parade.\n", encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "change")
    (repo / "drafts" / "untracked.txt").write_text("Not committed yet.\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    loaded = load_drafts(["drafts"], changed_since="HEAD~1")
    assert sorted(p.split("/")[-1] for p in (d.path for d in loaded.drafts)) == \
        ["added.md", "edited.txt", "moved.txt", "untracked.txt"]
    assert load_drafts(["drafts"], changed_since="HEAD").drafts[0].path.endswith("untracked.txt")
    result = CliRunner().invoke(main, ["check", "--changed-since", "no-such-ref", "drafts"])
    assert result.exit_code == 2 and "git:" in result.output and "--changed-since" in result.output


@pytest.mark.parametrize("waiver, passes, rule", [
    ("{rule: argue.shouting, reason: 'Evacuation order', approved_by: 'PIO J. Ortiz'}", True, None),
    ("{rule: argue.shouting, reason: 'Evacuation order'}", False, "waiver.incomplete"),
    ("{rule: attack.profanity, reason: 'Quoting a song title', approved_by: 'PIO'}", False, "waiver.not-waivable"),
    ("{rule: no.such.rule, reason: 'x', approved_by: 'y'}", False, "waiver.unknown-rule"),
])
def test_waivers(screener, tmp_path, waiver, passes, rule):
    from dataclasses import replace as dc_replace

    from postguard import Screener

    tool = Screener(screener.policy, dc_replace(screener.config, fail_on=screener.config.fail_on.WARNING,
                                                cache_dir=None), nlp=screener.nlp, classifier=screener.classifier)
    text = "Evacuate now: LEAVE THE AREA EAST OF TRAMWAY right away, the fire is moving toward homes."
    if "profanity" in waiver:
        text += " Damn, it is fast."
    path = tmp_path / "w.md"
    path.write_text(f"---\nwaive:\n  - {waiver}\n---\n{text}\n", encoding="utf-8")
    verdict = tool.screen(load_drafts([str(path)]).drafts)[0]
    shouting = [f for f in verdict.findings if f.rule_id == "argue.shouting"]
    assert shouting, "the waived finding must still be reported"
    if rule:
        assert rule in {f.rule_id for f in verdict.findings}
    if "profanity" in waiver:
        assert next(f for f in verdict.findings if f.rule_id == "attack.profanity").waived is None
    assert verdict.passed is passes


def test_config_is_found_upward_from_the_working_folder(tmp_path, monkeypatch):
    (tmp_path / ".postguard.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    (tmp_path / "drafts" / "deep").mkdir(parents=True)
    draft = tmp_path / "drafts" / "deep" / "d.txt"
    draft.write_text("Road work tonight #ABQ #Traffic #Roads #Construction #Detour\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "drafts" / "deep")
    assert CliRunner().invoke(main, ["check", "d.txt"]).exit_code == 1  # warnings fail under this config
    (tmp_path / ".postguard.yaml").unlink()
    assert CliRunner().invoke(main, ["check", "d.txt"]).exit_code == 0


def test_pyproject_tool_table_is_a_config(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.postguard]\nfail_on = "warning"\n', encoding="utf-8")
    (tmp_path / "d.txt").write_text("Road work tonight #ABQ #Traffic #Roads #Construction #Detour\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["check", "d.txt"]).exit_code == 1


def test_init_writes_a_starter_config_that_loads(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["init"]).exit_code == 0
    text = (tmp_path / ".postguard.yaml").read_text(encoding="utf-8")
    assert "fail_on: error" in text and "# The lowest severity" in text
    again = runner.invoke(main, ["init"])
    assert again.exit_code == 2 and "--force" in again.output
    from postguard.config import load_config

    assert load_config().source.endswith(".postguard.yaml")


class CountingClassifier:
    """Delegates to the real classifier and counts the texts it was asked to score."""

    def __init__(self, inner):
        self.inner, self.name, self.labels, self.scored = inner, inner.name, inner.labels, 0

    def score(self, texts):
        self.scored += len(texts)
        return self.inner.score(texts)


def test_cache_reuses_unchanged_drafts_and_invalidates_exactly_what_changed(screener, tmp_path):
    from postguard import Screener, load_policy

    def tool(policy, counter):
        config = replace(screener.config, cache_dir=tmp_path / "cache", processes=1)
        return Screener(policy, config, nlp=screener.nlp, classifier=counter)

    drafts = [make_draft(f"Parade number {i} starts at noon. You people never read.", f"d{i}.txt") for i in range(5)]
    first = CountingClassifier(screener.classifier)
    before = tool(screener.policy, first).screen(drafts)
    assert first.scored > 0

    again = CountingClassifier(screener.classifier)
    after = tool(screener.policy, again).screen(drafts)
    assert again.scored == 0  # nothing analysed: every draft came from the cache
    def summary(verdicts):
        return [[(f.rule_id, f.span and (f.span.line, f.span.column), f.message) for f in v.findings] for v in verdicts]

    assert summary(after) == summary(before)

    edited = drafts[:2] + [make_draft("Parade number 2 starts at one. Bring water.", "d2.txt")] + drafts[3:]
    one = CountingClassifier(screener.classifier)
    verdicts = tool(screener.policy, one).screen(edited)
    assert one.scored == 3  # the edited draft alone: its two sentences and the whole post
    assert verdicts[2].passed and not verdicts[3].passed

    pack = tmp_path / "edit.yaml"
    pack.write_text("rules:\n  - id: conduct.condescension\n    severity: warning\n", encoding="utf-8")
    changed_rules = CountingClassifier(screener.classifier)
    verdicts = tool(load_policy([pack]), changed_rules).screen(drafts)
    assert changed_rules.scored == first.scored  # a rule edit invalidates every draft
    assert all(v.passed for v in verdicts)


def test_no_cache_flag_and_unwritable_cache_still_screen(tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("POSTGUARD_CACHE_DIR", str(blocked))
    draft = tmp_path / "d.txt"
    draft.write_text("You people never read the schedule.\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["check", str(draft)]).exit_code == 1
    assert CliRunner().invoke(main, ["check", "--no-cache", str(draft)]).exit_code == 1


def test_cache_key_covers_every_draft_field_but_the_path(tmp_path):
    import dataclasses
    import datetime as dt

    from postguard.screening.cache import FindingsCache
    from postguard.inputs import Draft, Media, ReplyContext

    cache = FindingsCache(tmp_path, "run")
    base = Draft(path="a.md", text="Hello.")
    changed = {"text": "Hi.", "body_line": 3, "platform": "x", "account": "@a", "author": "j",
               "scheduled": dt.date(2026, 1, 1), "type": "psa", "in_reply_to": ReplyContext("why?", "@r"),
               "media": [Media("m.png", "map")], "links": ["https://www.cabq.gov/"],
               "waive": [{"rule": "r", "reason": "x", "approved_by": "y"}], "file": "week.jsonl", "lang": "es"}
    fields = {f.name for f in dataclasses.fields(Draft)} - {"path"}
    assert set(changed) == fields, "a new Draft field must be part of the cache key"
    for name, value in changed.items():
        assert cache.key(dataclasses.replace(base, **{name: value})) != cache.key(base), name
    assert cache.key(dataclasses.replace(base, path="renamed.md")) == cache.key(base)
    assert FindingsCache(tmp_path, "other run").key(base) != cache.key(base)


# --- the example GitHub workflow passes actionlint ------------------------------------------------
# actionlint (rhysd/actionlint as WebAssembly, pinned in package-lock.json) runs offline under
# Node.js once `npm ci` has installed it; .ci/run installs it and sets POSTGUARD_REQUIRE_ACTIONLINT=1,
# so in CI a missing actionlint fails these tests instead of skipping them.
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_WORKFLOW = ROOT / "examples" / "ci" / "github-workflow.yml"
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"


def actionlint(workflow: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not ACTIONLINT.exists():
        missing = "Node.js" if node is None else "actionlint"
        if os.environ.get("POSTGUARD_REQUIRE_ACTIONLINT") == "1":
            pytest.fail(f"{missing} is missing: run `npm ci` in the repository (.ci/run does)")
        pytest.skip(f"{missing} is not installed: `npm ci` installs actionlint")
    done = subprocess.run([node, str(ACTIONLINT), str(workflow)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0"})
    # The CLI takes a glob and passes silently when it matches nothing: make sure it read the file.
    assert "Checking 1 workflow file(s)" in done.stdout, done.stdout + done.stderr
    return done


def test_the_example_workflow_passes_actionlint():
    done = actionlint(EXAMPLE_WORKFLOW)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(EXAMPLE_WORKFLOW.read_text(encoding="utf-8").replace("fetch-depth:", "fetch-dept:"),
                      encoding="utf-8")
    done = actionlint(broken)
    assert done.returncode == 1 and 'input "fetch-dept" is not defined' in done.stdout


def test_the_example_workflow_installs_postguard_from_a_pinned_repository_not_pypi():
    import yaml

    workflow = yaml.safe_load(EXAMPLE_WORKFLOW.read_text(encoding="utf-8"))
    env = workflow["jobs"]["screen"]["env"]
    install = next(s["run"] for s in workflow["jobs"]["screen"]["steps"] if s.get("name") == "Install postguard")
    assert '"postguard @ ${POSTGUARD_SOURCE}@${POSTGUARD_PIN}"' in install and "pip install postguard" not in install
    assert env["POSTGUARD_SOURCE"].startswith("git+https://") and env["POSTGUARD_PIN"]
