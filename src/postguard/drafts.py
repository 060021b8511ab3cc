"""Reading drafts: plain .txt, Markdown with YAML front matter, whole folders, or stdin."""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

from postguard.errors import DraftError, location

EXPORT_SUFFIXES = (".jsonl", ".csv")  # batches: one draft a row (postguard.exports)
DRAFT_SUFFIXES = (".txt", ".md", ".markdown") + EXPORT_SUFFIXES
FRONT_MATTER_SUFFIXES = (".md", ".markdown")
CONTENT_TYPES = ("psa", "event", "emergency", "service_update", "reply", "other")
FRONT_MATTER_KEYS = ("platform", "account", "author", "scheduled", "type", "in_reply_to", "media", "links", "waive")
STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class ReplyContext:
    """The resident's comment a reply answers: context for the reply, never screened itself."""

    text: str
    author: str | None = None


@dataclass(frozen=True)
class Media:
    file: str | None
    alt: str | None


@dataclass
class Draft:
    path: str  # as the user named it, so reports point back at their file
    text: str  # the post body, newlines normalised to \n
    body_line: int = 1  # the file line the body starts on (after front matter)
    platform: str | None = None
    account: str | None = None
    author: str | None = None
    scheduled: dt.date | dt.datetime | None = None
    type: str | None = None
    in_reply_to: ReplyContext | None = None
    media: list[Media] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    waive: list = field(default_factory=list)
    file: str | None = None  # the file it is in, where that is not `path` (a row of a .jsonl/.csv export)

    @property
    def location(self) -> str:
        """The file reports should point at (SARIF, GitHub annotations)."""
        return self.file or self.path


@dataclass(frozen=True)
class InputProblem:
    """A draft that could not be screened, with a one-line reason that names the fix."""

    path: str
    message: str


@dataclass
class LoadResult:
    drafts: list[Draft]
    problems: list[InputProblem]


def draft_from_text(text: str, path: str = STDIN_NAME, *, front_matter: bool = True) -> Draft:
    """Build a Draft from raw text (front matter optional). Raises DraftError on bad input."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta: dict = {}
    body_line = 1
    if front_matter and text.startswith("---\n"):
        end = text.find("\n---", 3)
        while end != -1 and text[end + 4: end + 5] not in ("", "\n", " ", "\t"):
            end = text.find("\n---", end + 4)
        if end == -1:
            raise DraftError("front matter starts with '---' but never ends", where=location(path, 1),
                             fix="close it with a line holding only '---'")
        raw = text[4:end + 1]
        meta = _parse_front_matter(raw, path)
        after = text.find("\n", end + 4)
        body_start = len(text) if after == -1 else after + 1
        body_line = text.count("\n", 0, body_start) + 1
        text = text[body_start:]
    if not text.strip():
        raise DraftError("the draft is empty", where=path, fix="write the post text (below the front matter)")
    return draft_from_fields(path, text, body_line, meta)


def _parse_front_matter(raw: str, path: str) -> dict:
    try:
        meta = yaml.safe_load(raw)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 2 if exc.problem_mark else None  # +1 for the opening '---'
        raise DraftError(f"invalid YAML front matter: {exc.problem}", where=location(path, line),
                         fix="fix the YAML between the '---' lines") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise DraftError("front matter must be key: value pairs", where=location(path, 2),
                         fix="write e.g. 'platform: x' between the '---' lines")
    unknown = sorted(set(map(str, meta)) - set(FRONT_MATTER_KEYS))
    if unknown:
        raise DraftError(f"unknown front matter key {unknown[0]!r}", where=path,
                         fix=f"use one of: {', '.join(FRONT_MATTER_KEYS)}")
    return meta


def make_draft(text: str, path: str, meta: dict | None = None) -> Draft:
    """A Draft from body text and front matter fields given as a mapping (e.g. a rule example)."""
    meta = dict(meta or {})
    unknown = sorted(set(map(str, meta)) - set(FRONT_MATTER_KEYS))
    if unknown:
        raise DraftError(f"unknown draft field {unknown[0]!r}", where=path,
                         fix=f"use one of: {', '.join(FRONT_MATTER_KEYS)}")
    return draft_from_fields(path, text.replace("\r\n", "\n"), 1, meta)


def draft_from_fields(path: str, text: str, body_line: int, meta: dict) -> Draft:
    def string(key: str) -> str | None:
        value = meta.get(key)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)):
            raise DraftError(f"front matter '{key}' must be a single value", where=path,
                             fix=f"write e.g. '{key}: some text'")
        return str(value).strip()

    content_type = string("type")
    if content_type is not None:
        content_type = content_type.lower().replace(" ", "_").replace("-", "_")
        if content_type not in CONTENT_TYPES:
            raise DraftError(f"unknown content type {meta['type']!r}", where=path,
                             fix=f"use one of: {', '.join(CONTENT_TYPES)}")
    return Draft(
        path=path, text=text, body_line=body_line,
        platform=(string("platform") or "").lower() or None,
        account=string("account"), author=string("author"),
        scheduled=_scheduled(meta.get("scheduled"), path),
        type=content_type,
        in_reply_to=_reply_context(meta.get("in_reply_to"), path),
        media=_media(meta.get("media"), path),
        links=_string_list(meta.get("links"), "links", path),
        waive=list(meta.get("waive") or []),
    )


def _scheduled(value, path: str):
    if value is None or isinstance(value, (dt.date, dt.datetime)):
        return value
    try:
        return dt.datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise DraftError(f"front matter 'scheduled' is not a date: {value!r}", where=path,
                         fix="write it as 2026-11-29 or 2026-11-29T18:00") from None


def _reply_context(value, path: str) -> ReplyContext | None:
    if value is None:
        return None
    if isinstance(value, str):
        return ReplyContext(text=value.strip())
    if isinstance(value, dict) and isinstance(value.get("text"), str):
        author = value.get("author")
        return ReplyContext(text=value["text"].strip(), author=str(author) if author else None)
    raise DraftError("front matter 'in_reply_to' must be the comment text or {text: ..., author: ...}",
                     where=path, fix="quote the resident's comment as a string")


def _media(value, path: str) -> list[Media]:
    items = []
    for item in value or []:
        if isinstance(item, str):
            items.append(Media(file=item, alt=None))
        elif isinstance(item, dict):
            alt = item.get("alt")
            items.append(Media(file=item.get("file") or item.get("path"), alt=str(alt) if alt else None))
        else:
            raise DraftError("front matter 'media' must be a list of files or {file: ..., alt: ...}",
                             where=path, fix="write e.g. '- {file: map.png, alt: Map of the closure}'")
    return items


def _string_list(value, key: str, path: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise DraftError(f"front matter '{key}' must be a list of strings", where=path,
                     fix=f"write e.g. '{key}: [https://www.cabq.gov/]'")


def read_draft_file(path: Path, shown_as: str) -> Draft:
    """Read one draft file. Raises DraftError with a one-line reason and fix."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DraftError("no such file", where=shown_as, fix="check the path") from None
    except IsADirectoryError:
        raise DraftError("is a directory", where=shown_as, fix="pass the folder itself to screen every draft in it") from None
    except OSError as exc:
        raise DraftError(f"cannot read ({exc.strerror})", where=shown_as, fix="check the file's permissions") from None
    return _decode_draft(data, shown_as, front_matter=path.suffix.lower() in FRONT_MATTER_SUFFIXES)


def _decode_draft(data: bytes, shown_as: str, *, front_matter: bool) -> Draft:
    if b"\x00" in data[:8192]:
        raise DraftError("looks like a binary file, not a text draft", where=shown_as,
                         fix="save the draft as plain text (.txt) or Markdown (.md)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DraftError(f"not valid UTF-8 text (byte {exc.start}, line {line})", where=shown_as,
                         fix="re-save the file with UTF-8 encoding") from None
    return draft_from_text(text, shown_as, front_matter=front_matter)


def expand_inputs(inputs: Iterable[str]) -> tuple[list[tuple[str, Path | None]], list[InputProblem]]:
    """Turn command-line inputs into (shown name, path) pairs; '-' means stdin (path None).

    Folders are walked recursively in sorted order for drafts (.txt, .md, .jsonl, .csv); hidden files and
    folders (.git, .cache) are skipped. A missing path is a problem, not a crash.
    """
    found: list[tuple[str, Path | None]] = []
    problems: list[InputProblem] = []
    for raw in inputs:
        if raw == "-":
            found.append((STDIN_NAME, None))
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and p.suffix.lower() in DRAFT_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                problems.append(InputProblem(raw, f"{raw}: no drafts (.txt, .md, .jsonl, .csv) in this folder — "
                                                  "check the path"))
            found.extend((str(p), p) for p in files)
        elif path.exists():
            found.append((raw, path))
        else:
            problems.append(InputProblem(raw, f"{raw}: no such file or folder — check the path"))
    return found, problems


def load_drafts(inputs: Iterable[str], stdin=None, *, changed_since: str | None = None) -> LoadResult:
    """Read every draft named by the inputs; unreadable ones become problems, the rest load.

    With `changed_since`, only drafts added or changed since that git ref are read.
    """
    found, problems = expand_inputs(inputs)
    if changed_since:
        from postguard.changed import keep_changed

        found = keep_changed(found, changed_since)
    drafts: list[Draft] = []
    for shown_as, path in found:
        try:
            if path is None:
                stream = stdin if stdin is not None else sys.stdin.buffer
                data = stream.read()
                data = data.encode("utf-8") if isinstance(data, str) else data
                drafts.append(_decode_draft(data, shown_as, front_matter=True))
            elif path.suffix.lower() in EXPORT_SUFFIXES:
                from postguard.exports import read_export  # csv and json only load for exports

                rows, row_problems = read_export(path, shown_as)
                drafts.extend(rows)
                problems.extend(row_problems)
            else:
                drafts.append(read_draft_file(path, shown_as))
        except DraftError as exc:
            problems.append(InputProblem(shown_as, exc.one_line()))
    return LoadResult(drafts=drafts, problems=problems)
