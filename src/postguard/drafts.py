"""Reading drafts: plain .txt, Markdown with YAML front matter, whole folders, or stdin."""
from __future__ import annotations

import datetime as dt
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from postguard.errors import DraftError, location
from postguard.front_matter import (  # noqa: F401  (ReplyContext, Media: part of the Draft API)
    CONTENT_TYPES, FRONT_MATTER_KEYS, PLATFORMS, FrontMatter, Media, ReplyContext)
from postguard.yamlsource import FrontMatterError, parse_front_matter

EXPORT_SUFFIXES = (".jsonl", ".csv")  # batches: one draft a row (postguard.exports)
DRAFT_SUFFIXES = (".txt", ".md", ".markdown") + EXPORT_SUFFIXES
FRONT_MATTER_SUFFIXES = (".md", ".markdown")
STDIN_NAME = "<stdin>"
MAX_DRAFT_CHARS = 65_000  # the longest post any platform takes is 63,206 (Facebook); bounds the work one draft costs


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


def draft_from_text(text: str, path: str = STDIN_NAME, *, front_matter: bool = True,
                    max_chars: int = MAX_DRAFT_CHARS) -> Draft:
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
    return draft_from_fields(path, text, body_line, meta, max_chars=max_chars)


def _parse_front_matter(raw: str, path: str) -> dict:
    try:
        meta = parse_front_matter(raw, path, first_line=2)  # line 1 is the opening '---'
    except FrontMatterError as exc:
        raise DraftError(exc.message, where=location(path, exc.line),
                         fix="fix the YAML between the '---' lines") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise DraftError("front matter must be key: value pairs", where=location(path, 2),
                         fix="write e.g. 'platform: x' between the '---' lines")
    meta.key_lines = {key: line + 1 for key, line in meta.key_lines.items()}  # as lines of the file
    return meta


def make_draft(text: str, path: str, meta: dict | None = None) -> Draft:
    """A Draft from body text and front matter fields given as a mapping (e.g. a rule example)."""
    return draft_from_fields(path, text.replace("\r\n", "\n"), 1, dict(meta or {}))


def draft_from_fields(path: str, text: str, body_line: int, meta: dict, *, max_chars: int = MAX_DRAFT_CHARS) -> Draft:
    """A Draft from its body and its front matter fields, every field checked for type and value."""
    if len(text) > max_chars:
        raise DraftError(f"the draft is {len(text):,} characters long; postguard screens at most {max_chars:,}",
                         where=path, fix="split it into posts (no platform takes more than 63,206 characters), "
                                         "or raise max_draft_chars in the config")
    fields = FrontMatter(path, meta)
    fields.reject_unknown()
    return Draft(
        path=path, text=text, body_line=body_line,
        platform=fields.choice("platform", PLATFORMS, aliases={"twitter": "x"}),
        account=fields.text("account"), author=fields.text("author"),
        scheduled=fields.date("scheduled"),
        type=fields.choice("type", CONTENT_TYPES, label="content type"),
        in_reply_to=fields.reply("in_reply_to"),
        media=fields.media("media"),
        links=fields.strings("links"),
        waive=fields.waivers("waive"),
    )


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def read_bounded(path: Path, shown_as: str, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them. FIFOs, devices and sockets are refused
    before they are opened (/dev/zero or a pipe would be read forever)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise DraftError("is a broken link", where=shown_as, fix="point the link at a draft or remove it") from None
        raise DraftError("no such file", where=shown_as, fix="check the path") from None
    except OSError as exc:
        raise DraftError(f"cannot read ({exc.strerror})", where=shown_as, fix="check the path and permissions") from None
    if stat.S_ISDIR(info.st_mode):
        raise DraftError("is a directory", where=shown_as, fix="pass the folder itself to screen every draft in it")
    if not stat.S_ISREG(info.st_mode):
        raise DraftError("is not a regular file (a pipe, device or socket)", where=shown_as,
                         fix="save the draft to a file, or pipe it in as '-'")
    if info.st_size > limit:
        raise DraftError(f"is {info.st_size:,} bytes; postguard reads drafts of at most {limit:,}", where=shown_as,
                         fix="split it into smaller files")
    try:
        with path.open("rb") as f:
            return f.read(limit + 1)
    except OSError as exc:
        raise DraftError(f"cannot read ({exc.strerror})", where=shown_as, fix="check the file's permissions") from None


def read_draft_file(path: Path, shown_as: str, max_chars: int = MAX_DRAFT_CHARS) -> Draft:
    """Read one draft file. Raises DraftError with a one-line reason and fix."""
    data = read_bounded(path, shown_as, _byte_limit(max_chars))
    return draft_from_text(decode_text(data, shown_as, _byte_limit(max_chars)), shown_as,
                           front_matter=path.suffix.lower() in FRONT_MATTER_SUFFIXES, max_chars=max_chars)


def _byte_limit(max_chars: int) -> int:
    """Bytes a draft of `max_chars` characters may take: 4-byte UTF-8, plus room for front matter."""
    return 4 * max_chars + 1_000_000


def decode_text(data: bytes, shown_as: str, limit: int) -> str:
    """Text from bytes: UTF-8, or UTF-16/32 with a byte-order mark (Windows editors save those)."""
    if len(data) > limit:
        raise DraftError(f"is over {limit:,} bytes", where=shown_as, fix="split it into smaller files")
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data[:8192]:
        raise DraftError("looks like a binary file, not a text draft", where=shown_as,
                         fix="save the draft as plain text (.txt) or Markdown (.md), in UTF-8")
    try:
        return data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DraftError(f"not valid {(encoding or 'utf-8').upper().replace('-SIG', '')} text (byte {exc.start}, "
                         f"line {line})", where=shown_as, fix="re-save the file with UTF-8 encoding") from None


def expand_inputs(inputs: Iterable[str]) -> tuple[list[tuple[str, Path | None]], list[InputProblem]]:
    """Turn command-line inputs into (shown name, path) pairs; '-' means stdin (path None).

    Folders are walked recursively in sorted order for drafts (.txt, .md, .jsonl, .csv); hidden files and
    folders (.git, .cache) are skipped. A missing path or a broken link is a problem, never skipped silently.
    """
    found: list[tuple[str, Path | None]] = []
    problems: list[InputProblem] = []
    for raw in inputs:
        if raw == "-":
            found.append((STDIN_NAME, None))
            continue
        path = Path(raw)
        if path.is_dir():
            files = []
            for p in sorted(path.rglob("*")):
                if any(part.startswith(".") for part in p.relative_to(path).parts):
                    continue
                if p.suffix.lower() in DRAFT_SUFFIXES and (p.is_symlink() or not p.is_dir()):
                    files.append(p)  # a broken link or a pipe is reported when it is read, not skipped
            if not files:
                problems.append(InputProblem(raw, f"{raw}: no drafts (.txt, .md, .jsonl, .csv) in this folder — "
                                                  "check the path"))
            found.extend((str(p), p) for p in files)
        elif path.exists() or path.is_symlink():
            found.append((raw, path))
        else:
            problems.append(InputProblem(raw, f"{raw}: no such file or folder — check the path"))
    return found, problems


def load_drafts(inputs: Iterable[str], stdin=None, *, changed_since: str | None = None,
                max_chars: int = MAX_DRAFT_CHARS) -> LoadResult:
    """Read every draft named by the inputs; unreadable ones become problems, the rest load.

    With `changed_since`, only drafts added or changed since that git ref are read. A draft
    longer than `max_chars` is a problem, not screened (the work one draft costs is bounded).
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
                data = stream.read(_byte_limit(max_chars) + 1)
                data = data.encode("utf-8") if isinstance(data, str) else data
                drafts.append(draft_from_text(decode_text(data, shown_as, _byte_limit(max_chars)), shown_as,
                                              max_chars=max_chars))
            elif path.suffix.lower() in EXPORT_SUFFIXES:
                from postguard.exports import read_export  # csv and json only load for exports

                rows, row_problems = read_export(path, shown_as, max_chars)
                drafts.extend(rows)
                problems.extend(row_problems)
            else:
                drafts.append(read_draft_file(path, shown_as, max_chars))
        except DraftError as exc:
            problems.append(InputProblem(shown_as, exc.one_line()))
    return LoadResult(drafts=drafts, problems=problems)
