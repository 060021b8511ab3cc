"""`postguard policy lint`: every problem in a policy pack at once, one line each with file, line
and field — where loading stops at the first.

Loading is strict and stops at the first error. Lint reads each file itself first (a file that
cannot be read is an error: exit 2), names the problems the loader cannot name well (an
override whose id matches no rule reads as "missing 'title'" there), then loads a scratch copy
of the packs, commenting out each rule the loader rejects — the lines stay where they were, so
every message still points at the right line — until the rest loads. On the loaded policy it
checks what loading allows but a published policy should not have: rules never enabled,
missing feedback or report contacts, review dates that are not dates. Whether each rule's
examples still behave needs the screening engine: postguard.screening.policy_lint adds that.
"""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from postguard.errors import PolicyError, location
from postguard.policy.loader import REQUIRED_RULE_FIELDS, _extends, _pack_files, default_pack_dir, load_policy
from postguard.policy.review import parse_date
from postguard.policy.types import CONTACT_PURPOSES, Policy
from postguard.yamlsource import LineDict, load_yaml_file

TEXT_FIELDS = ("title", "message", "suggestion", "description")
_STRAY_BACKSLASH = re.compile(r"\\[\"']")  # '"\"x\""': single-quoted YAML keeps the backslash as written


@dataclass(frozen=True)
class LintProblem:
    where: str  # "file:line (field)"
    message: str
    fix: str = ""

    def one_line(self) -> str:
        return (f"{self.where}: " if self.where else "") + self.message + (f" — {self.fix}" if self.fix else "")


@dataclass
class Entry:
    """One item of a file's `rules:` list, and the lines it spans (1-based, inclusive)."""

    raw: object
    first: int
    last: int

    @property
    def rule_id(self) -> str:
        return str(self.raw.get("id")) if isinstance(self.raw, dict) else ""


@dataclass
class PackFile:
    path: Path
    doc: LineDict | None
    entries: list[Entry]


@dataclass
class LintResult:
    policy: Policy | None  # None when the packs do not load even without the rejected rules
    problems: list[LintProblem] = field(default_factory=list)


def lint_packs(extra_packs=()) -> LintResult:
    """Lint the policy the way `check --rules ...` would load it (the default pack first, unless
    a pack says `extends: none`). Raises PolicyError when a file cannot be read at all."""
    packs = _effective_packs([Path(p) for p in extra_packs])
    files = [[_read(path) for path in _pack_files(pack)] for pack in packs]
    result = LintResult(policy=None)
    skipped = _dangling_overrides(files, result.problems)
    result.problems += _stray_backslashes(files)
    result.policy = _load_without(packs, files, skipped, result.problems)
    if result.policy is not None:
        result.problems += _never_enabled(result.policy)
        result.problems += _missing_contacts(result.policy, files)
        result.problems += _review_dates(result.policy, files)
    return result


def _effective_packs(extras: list[Path]) -> list[Path]:
    """The packs in the order the loader applies them (postguard.policy.loader.load_policy)."""
    packs = [default_pack_dir()]
    for pack in extras:
        if not pack.exists():
            raise PolicyError("rules pack not found", where=str(pack), fix="check the --rules path")
        if _extends(pack) == "none":
            packs = [p for p in packs if p != default_pack_dir()]
        packs.append(pack)
    return packs


def _read(path: Path) -> PackFile:
    doc = load_yaml_file(path)
    if doc is not None and not isinstance(doc, LineDict):
        raise PolicyError("a policy file must be a mapping with keys like 'policy' and 'rules'",
                          where=location(path, 1))
    rules = doc.get("rules") if doc else None
    items = [raw for raw in rules if isinstance(raw, LineDict)] if isinstance(rules, list) else []
    total = len(path.read_text(encoding="utf-8").splitlines())
    later_keys = sorted(doc.key_lines.values()) if doc else []
    entries = []
    for index, raw in enumerate(items):
        following = items[index + 1].line if index + 1 < len(items) else total + 1
        following = min([following, *[line for line in later_keys if line > raw.line]])
        entries.append(Entry(raw, raw.line, following - 1))
    return PackFile(path, doc, entries)


def _dangling_overrides(files: list[list[PackFile]], problems: list[LintProblem]) -> set[tuple[Path, int]]:
    """An entry for an id no earlier rule has, without the kind a new rule needs: an override of
    nothing (a typo in the id, or a rule since renamed). Returns those entries, to leave out."""
    known: set[str] = set()
    dangling = set()
    for pack in files:
        for file in pack:
            for entry in file.entries:
                if entry.rule_id and entry.rule_id not in known and "kind" not in entry.raw:
                    missing = [name for name in REQUIRED_RULE_FIELDS if name not in entry.raw]
                    problems.append(LintProblem(
                        location(file.path, entry.first, "id"),
                        f"override points at nothing: no rule {entry.rule_id!r}",
                        f"check the id with 'postguard rules list', or give a new rule every field "
                        f"(missing: {', '.join(missing)})"))
                    dangling.add((file.path, entry.first))
                known.add(entry.rule_id)
    return dangling


def _stray_backslashes(files: list[list[PackFile]]) -> list[LintProblem]:
    problems = []
    for file in (f for pack in files for f in pack):
        for entry in file.entries:
            for name in TEXT_FIELDS:
                if isinstance(entry.raw.get(name), str) and _STRAY_BACKSLASH.search(entry.raw[name]):
                    problems.append(LintProblem(
                        location(file.path, entry.raw.line_of(name), name),
                        f"rule {entry.rule_id!r}: a backslash before a quote is shown as written",
                        "in single quotes write '\"Read the post\"' (and '' for a single quote)"))
    return problems


def _load_without(packs: list[Path], files: list[list[PackFile]], skipped: set[tuple[Path, int]],
                  problems: list[LintProblem]) -> Policy | None:
    """Load a scratch copy with the skipped rules commented out; each rule the loader rejects is
    reported and commented out too, until the rest loads or an error is not about one rule."""
    with tempfile.TemporaryDirectory(prefix="postguard-lint-") as scratch:
        roots, by_copy = [], {}  # (scratch pack, original pack); scratch file -> original file
        for index, (pack, pack_files) in enumerate(zip(packs, files)):
            root = Path(scratch) / str(index) / pack.name
            roots.append((root, pack))
            for file in pack_files:
                by_copy[root / file.path.relative_to(pack) if pack.is_dir() else root] = file
        back = _path_mapper(roots)
        for _ in range(1 + len(by_copy) + sum(len(f.entries) for f in by_copy.values())):
            for copy, file in by_copy.items():
                _write_without(file, copy, skipped)
            try:
                policy = load_policy([root for root, _ in roots], include_default=False)
            except PolicyError as exc:
                problems.append(LintProblem(back(exc.where or ""), exc.message, exc.fix or ""))
                entry = _entry_at(exc.where or "", by_copy)
                if entry is None or entry in skipped:
                    return None
                skipped.add(entry)
                continue
            return _with_original_paths(policy, back)
    return None


def _write_without(file: PackFile, copy: Path, skipped: set[tuple[Path, int]]) -> None:
    lines = file.path.read_text(encoding="utf-8").splitlines(keepends=True)
    for entry in file.entries:
        if (file.path, entry.first) in skipped:
            for number in range(entry.first, entry.last + 1):
                lines[number - 1] = "#" + lines[number - 1]
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text("".join(lines), encoding="utf-8")


def _entry_at(where: str, by_copy: dict[Path, PackFile]) -> tuple[Path, int] | None:
    """The rule entry an error's 'file:line' falls in, if it names a line of one (several rules
    on one line, as in a flow list, cannot be left out one by one)."""
    found = re.match(r"(.+?):(\d+)(?: \(|$)", where)
    file = by_copy.get(Path(found.group(1))) if found else None
    if file is None:
        return None
    line = int(found.group(2))
    hits = [e for e in file.entries if e.first <= line <= e.last]
    shared = hits and sum(e.first == hits[0].first for e in file.entries) > 1
    return (file.path, hits[0].first) if hits and not shared else None


def _path_mapper(roots: list[tuple[Path, Path]]):
    def back(text: str) -> str:
        for root, original in roots:
            text = text.replace(str(root), str(original))
        return text
    return back


def _with_original_paths(policy: Policy, back) -> Policy:
    policy.rules = [replace(rule, source=back(rule.source)) for rule in policy.rules]
    policy.sources = [back(source) for source in policy.sources]
    return policy


def _never_enabled(policy: Policy) -> list[LintProblem]:
    return [LintProblem(f"{rule.source} (enabled)", f"rule {rule.id!r} is never enabled: the final policy turns it off",
                        "delete the rule (or the override that turns it off), or set enabled: true")
            for rule in policy.rules if not rule.enabled]


def _missing_contacts(policy: Policy, files: list[list[PackFile]]) -> list[LintProblem]:
    """§1.B: residents need a way to give feedback and to report a post."""
    written = [(f.path, f.doc.line_of("contacts")) for pack in files for f in pack if f.doc and "contacts" in f.doc]
    where = written[-1] if written else (_last_pack_file(files), 1)
    return [LintProblem(location(where[0], where[1], "contacts"),
                        f"the policy has no contacts.{purpose}: the Transparency page cannot say how to "
                        + ("give feedback on the policy" if purpose == "feedback" else "report a post"),
                        f"add contacts: {{{purpose}: [{{kind: web, address: https://..., label: ...}}]}}")
            for purpose in CONTACT_PURPOSES if not policy.contacts.get(purpose)]


def _review_dates(policy: Policy, files: list[list[PackFile]]) -> list[LintProblem]:
    """The review schedule must be computable, or an overdue review would go unnoticed (§1.A.8)."""
    problems = []
    for file in (f for pack in files for f in pack):
        meta = file.doc.get("policy") if file.doc else None
        if not isinstance(meta, LineDict):
            continue
        for name in ("adopted", "last_reviewed"):
            if name in meta and parse_date(str(meta[name])) is None:
                problems.append(LintProblem(location(file.path, meta.line_of(name), f"policy.{name}"),
                                            f"{meta[name]!r} is not a date", 'write it as "YYYY-MM-DD"'))
        if "review_interval_months" in meta and not _whole_months(meta["review_interval_months"]):
            problems.append(LintProblem(location(file.path, meta.line_of("review_interval_months"),
                                                 "policy.review_interval_months"),
                                        f"{meta['review_interval_months']!r} is not a number of months",
                                        "write a whole number of months, e.g. 12"))
    if not policy.meta.last_reviewed:
        written = [(f.path, f.doc.line_of("policy")) for pack in files for f in pack if f.doc and "policy" in f.doc]
        where = written[-1] if written else (_last_pack_file(files), 1)
        problems.append(LintProblem(location(*where, "policy.last_reviewed"),
                                    "the policy has no last_reviewed date, so no review can ever fall due",
                                    'add last_reviewed: "YYYY-MM-DD" under policy:'))
    return problems


def _last_pack_file(files: list[list[PackFile]]) -> Path:
    """Where a missing part belongs: the first file of the last pack that has any."""
    return next(pack[0].path for pack in reversed(files) if pack)


def _whole_months(value) -> bool:
    try:
        return not isinstance(value, bool) and int(str(value)) >= 1
    except ValueError:
        return False
