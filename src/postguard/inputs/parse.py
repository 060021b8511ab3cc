"""A Draft from text: the front matter split off and every field checked (postguard.inputs.front_matter)."""
from __future__ import annotations

from postguard.errors import DraftError, location
from postguard.inputs.draft import STDIN_NAME, Draft, DraftOptions
from postguard.inputs.directives import extract_directives
from postguard.inputs.front_matter import PLATFORMS, FrontMatter
from postguard.yamlsource import FrontMatterError, parse_front_matter


def draft_from_text(text: str, path: str = STDIN_NAME, *, front_matter: bool = True,
                    options: DraftOptions = DraftOptions()) -> Draft:
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
    return draft_from_fields(path, text, body_line, meta, options)


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


def draft_from_fields(path: str, text: str, body_line: int, meta: dict, options: DraftOptions = DraftOptions()) -> Draft:
    """A Draft from its body and its front matter fields, every field checked for type and value."""
    if len(text) > options.max_chars:
        raise DraftError(f"the draft is {len(text):,} characters long; postguard screens at most "
                         f"{options.max_chars:,}",
                         where=path, fix="split it into posts (no platform takes more than 63,206 characters), "
                                         "or raise max_draft_chars in the config")
    fields = FrontMatter(path, meta)
    fields.reject_unknown()
    text, inline_waivers = extract_directives(text, body_line)
    return Draft(
        path=path, text=text, body_line=body_line,
        platform=fields.choice("platform", PLATFORMS, aliases={"twitter": "x"}),
        account=fields.text("account"), author=fields.text("author"),
        scheduled=fields.date("scheduled"),
        type=fields.content_type("type", options.content_types),
        in_reply_to=fields.reply("in_reply_to"),
        media=fields.media("media"),
        links=fields.strings("links"),
        waive=fields.waivers("waive") + inline_waivers,
        lang=fields.language_code("lang"),
    )
