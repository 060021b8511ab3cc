"""Where a finding is, for machine formats: paths, URIs, export rows and stable fingerprints.

Shared by SARIF, GitLab and the concise format. Every URI is a valid RFC 3986 reference: file
names are percent-encoded (`Winter storm draft.txt` becomes `Winter%20storm%20draft.txt`), files
outside the working folder become file:// URIs, and a draft read from stdin without
`--stdin-filename` is at the placeholder STDIN_URI (`stdin`).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from postguard.results import RunResults

STDIN_PATH = "<stdin>"  # the path the inputs layer gives a draft read from '-' (postguard.inputs.draft.STDIN_NAME)
STDIN_URI = "stdin"  # where reports put that draft: "<stdin>" is no valid URI, nor a path a viewer could open
WHOLE_DRAFT = "(whole draft)"  # what a finding about the whole draft (no flagged words) fingerprints as


def relative_path(path: str) -> str:
    """The draft's path as a POSIX path relative to the working folder where it lies inside it."""
    if path == STDIN_PATH:
        return STDIN_URI
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            pass
    return p.as_posix()


def artifact_uri(path: str) -> str:
    """A repository-relative URI where possible: code scanning matches results to files by it."""
    relative = relative_path(path)
    if Path(relative).is_absolute():
        return Path(relative).as_uri()  # percent-encodes, UTF-8 for non-ASCII names
    return quote(relative, safe="/")  # ':' too: "a:b.md" would read as the scheme "a"


def row_of(path: str) -> tuple[str, int | None]:
    """`week.jsonl:12` (a row of an export) is line 12 of the file `week.jsonl`."""
    file, _, line = path.rpartition(":")
    return (file, int(line)) if line.isdigit() and Path(file).exists() else (path, None)


def fingerprint(rule_id: str, path: str, words: str, occurrence: int) -> str:
    """sha256 of the rule, the file's URI, the flagged words (whitespace collapsed) and which
    occurrence of those in the file this is. No line numbers: editing above a finding leaves its
    fingerprint alone, while two different findings in one file never share one."""
    words = " ".join(words.split()) or WHOLE_DRAFT
    return hashlib.sha256("\0".join([rule_id, artifact_uri(path), words, str(occurrence)]).encode()).hexdigest()


def fingerprints(run: RunResults) -> list[str]:
    """One fingerprint per finding, in the order of `for v in run.verdicts for f in v.findings`."""
    seen: Counter = Counter()
    found = []
    for verdict in run.verdicts:
        for f in verdict.findings:
            key = (f.rule_id, verdict.draft.location, f.span.text if f.span and f.span.text else "")
            seen[key] += 1
            found.append(fingerprint(*key, seen[key]))
    return found
