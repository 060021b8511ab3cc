"""--changed-since REF: only the drafts added or changed since a git ref (for pull requests)."""
from __future__ import annotations

import subprocess
from pathlib import Path

from postguard.errors import PostguardError


def _git(args: list[str], cwd: Path) -> str:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise PostguardError("--changed-since needs git, which is not installed", fix="install git") from None
    if result.returncode != 0:
        first = (result.stderr.strip().splitlines() or ["no such commit"])[0]
        raise PostguardError(f"git: {first}", fix="check the ref given to --changed-since (e.g. origin/main)")
    return result.stdout


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """Files added, copied, modified or renamed (new name) since `ref`, plus untracked ones.

    Compares `ref` with the working tree, so uncommitted edits count; deleted files do not. The
    ref is resolved to a commit id first, so nothing a user types ever reaches git as an option
    (`--changed-since=--output=FILE` once made git truncate FILE).
    """
    cwd = Path(cwd or Path.cwd())
    if not ref or ref.startswith("-") or any(c.isspace() or ord(c) < 32 for c in ref):
        raise PostguardError(f"--changed-since {ref!r} is not a git ref", fix="name a branch, tag or commit, e.g. origin/main")
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], cwd).strip()
    diff = _git(["diff", "--name-only", "-z", "-M", "--diff-filter=ACMR", commit, "--"], cwd)
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--full-name"], top)
    names = [n for n in (diff + untracked).split("\0") if n]
    return {(top / n).resolve() for n in names}


def keep_changed(found: list[tuple[str, Path | None]], ref: str) -> list[tuple[str, Path | None]]:
    changed = changed_files(ref)
    return [(shown, path) for shown, path in found if path is None or path.resolve() in changed]
