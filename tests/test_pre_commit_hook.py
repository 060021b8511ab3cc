"""The pre-commit hook screens the drafts folder, all of it, and nothing else.

Real pre-commit picks the files, with the manifest's own `files:` and `types` (read from
.pre-commit-hooks.yaml), as a `repo: local` hook of `language: system`: that runs offline and
installs nothing, and the hook's entry records what postguard was given before running it.
"""
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CLEAN = ("Free flu shots this Saturday from 10 a.m. to 2 p.m. at the Westside Community Center, "
         "1250 Ladera Dr NW. No appointment needed.")
FAILING = "FOR THE LAST TIME, DO NOT PARK IN THE FIRE LANE!!! What part of \"no parking\" don't you understand??"
RECORDER = """import json, os, subprocess, sys
with open(sys.argv[1], "a", encoding="utf-8") as log:
    log.write(json.dumps(sys.argv[3:]) + "\\n")
sys.exit(subprocess.run(json.loads(sys.argv[2]) + sys.argv[3:]).returncode)
"""


def manifest_hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == "postguard")


def make_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A drafts repository with the hook configured; returns (repo, the log of postguard's arguments)."""
    repo, log = tmp_path / "office", tmp_path / "postguard-args.jsonl"
    files = {
        "README.md": "# Drafts\nYou people never read the README. What part of it don't you understand??\n",
        "notes/x.md": "FOR THE LAST TIME, NOTES ARE NOT DRAFTS!!!\n",
        "drafts/a.md": CLEAN + "\n",
        "drafts/week.csv": f'text,platform\n"{CLEAN}",facebook\n',
        "drafts/week.jsonl": json.dumps({"text": CLEAN, "platform": "x"}) + "\n",
    }
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    hook = manifest_hook()
    (tmp_path / "record.py").write_text(RECORDER, encoding="utf-8")
    command, *args = shlex.split(hook["entry"])  # "postguard check": this checkout's postguard, same arguments
    postguard = [str(Path(sys.executable).with_name(command)), *args]
    local = {"id": hook["id"], "name": hook["name"], "language": "system",
             "entry": shlex.join([sys.executable, str(tmp_path / "record.py"), str(log), json.dumps(postguard)])}
    local.update({key: hook[key] for key in ("files", "exclude", "types", "types_or", "exclude_types",
                                             "require_serial", "pass_filenames") if key in hook})
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    return repo, log


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def pre_commit(repo: Path, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "NO_COLOR": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)


def screened(log: Path) -> list[str]:
    return sorted(arg for line in log.read_text(encoding="utf-8").splitlines() for arg in json.loads(line))


def test_the_hook_screens_every_draft_in_drafts_and_nothing_else(tmp_path):
    repo, log = make_repo(tmp_path)
    done = pre_commit(repo, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    # README.md and notes/ would fail: they were never handed to postguard. The batches were.
    assert screened(log) == ["drafts/a.md", "drafts/week.csv", "drafts/week.jsonl"]


def test_a_draft_that_breaks_the_policy_fails_the_hook(tmp_path):
    repo, log = make_repo(tmp_path)
    (repo / "drafts" / "parking.txt").write_text(FAILING + "\n", encoding="utf-8")
    git(repo, "add", ".")
    done = pre_commit(repo, tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "drafts/parking.txt" in screened(log) and "FAIL  drafts/parking.txt" in done.stdout
