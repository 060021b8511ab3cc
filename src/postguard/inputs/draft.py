"""A draft: the post text and its front matter, and what went wrong when one cannot be read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from postguard.inputs.front_matter import Media, ReplyContext

EXPORT_SUFFIXES = (".jsonl", ".csv")  # batches: one draft a row (postguard.inputs.exports)
DRAFT_SUFFIXES = (".txt", ".md", ".markdown") + EXPORT_SUFFIXES
FRONT_MATTER_SUFFIXES = (".md", ".markdown")
STDIN_NAME = "<stdin>"
MAX_DRAFT_CHARS = 65_000  # the longest post any platform takes is 63,206 (Facebook); bounds the work one draft costs


@dataclass(frozen=True)
class DraftOptions:
    """What a draft is checked against while it is read."""

    max_chars: int = MAX_DRAFT_CHARS  # a longer draft is a problem, not screened
    content_types: tuple[str, ...] | None = None  # the policy's content types; None: any `type:` is kept
    columns: tuple[tuple[str, str], ...] = ()  # export columns by field: (("text", "Message"), ...) from --map

    @property
    def max_bytes(self) -> int:
        """Bytes a draft of `max_chars` characters may take: 4-byte UTF-8, plus room for front matter."""
        return 4 * self.max_chars + 1_000_000


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
    lang: str | None = None  # the language declared in the front matter (None: identified when screened)

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
