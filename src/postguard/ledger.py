"""The ledger: an append-only record of every screening, so repetition can be seen (§1.A.5-6).

One JSON line per draft screened: when, which file, a hash of its content, account, author,
scheduled date, the verdict, each finding's rule and severity, waivers with their approvers, and
the postguard and policy versions. Lines are only ever appended, never rewritten.

Why a JSON Lines file and not a database: it is readable with any tool, diffable, and easy to keep
in the drafts repository or a shared folder. Several writers (two CI jobs and a supervisor's run)
append safely: each batch is written with one `write` on a file opened for appending, under an
exclusive `flock` — so lines never interleave and none is lost.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from postguard.errors import PostguardError
from postguard.results import RunResults, Verdict


def entry(verdict: Verdict, run: RunResults, when: dt.datetime) -> dict:
    draft = verdict.draft
    scheduled = draft.scheduled.isoformat() if isinstance(draft.scheduled, (dt.date, dt.datetime)) else None
    return {
        "time": when.isoformat(timespec="seconds"),
        "file": draft.path,
        "sha256": hashlib.sha256(draft.text.encode("utf-8")).hexdigest(),
        "account": draft.account, "author": draft.author, "scheduled": scheduled,
        "verdict": "pass" if verdict.passed else "fail",
        "findings": [{"rule": f.rule_id, "severity": f.severity.value, "criterion": f.criterion.value}
                     for f in verdict.findings if f.waived is None],
        "waivers": [{"rule": f.rule_id, "reason": f.waived.reason, "approved_by": f.waived.approved_by}
                    for f in verdict.findings if f.waived is not None],
        "postguard": run.tool_version, "policy": f"{run.policy.meta.id} {run.policy.meta.version}",
    }


def append(path: Path, run: RunResults, when: dt.datetime | None = None) -> int:
    """Append one line per screened draft; returns how many. Safe beside other writers."""
    when = when or dt.datetime.now(dt.timezone.utc)
    lines = "".join(json.dumps(entry(v, run, when), ensure_ascii=False) + "\n" for v in run.verdicts)
    if not lines:
        return 0
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PostguardError(f"cannot open the ledger {path} ({exc.strerror})",
                             fix="check the path and its permissions") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # another writer finishes its batch first
        data = lines.encode("utf-8")
        while data:  # a regular file takes it in one write; loop for the rare partial one
            written = os.write(descriptor, data)
            data = data[written:]
    finally:
        os.close(descriptor)  # closing releases the lock
    return len(run.verdicts)


@dataclass
class LedgerRead:
    entries: list[dict] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # "ledger.jsonl:12: not JSON": never silently


def read(path: Path) -> LedgerRead:
    """Every entry; a line that is not a valid entry is named in `skipped`, never silently dropped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PostguardError(f"no ledger at {path}", fix="screen with --ledger FILE first, or check the path") \
            from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PostguardError(f"cannot read the ledger {path} ({exc})", fix="check the file") from None
    result = LedgerRead()
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("findings"), list) or "time" not in item:
                raise ValueError("not a ledger entry")
            dt.datetime.fromisoformat(item["time"])
            result.entries.append(item)
        except (ValueError, TypeError, RecursionError) as exc:
            result.skipped.append(f"{path}:{number}: {str(exc).splitlines()[0][:80]}")
    return result
