"""A draft's front matter, field by field: each key checked for type and value.

A typo never passes silently: an unknown key, platform or content type is an error that
suggests the closest valid one ("twiter" -> did you mean 'x' (twitter)?), an impossible date
says which, and a value of the wrong shape says what shape to write. Messages name the file
and the key's line.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from postguard.errors import DraftError, location

FRONT_MATTER_KEYS = ("platform", "account", "author", "scheduled", "type", "in_reply_to", "media", "links", "waive",
                     "lang")
PLATFORMS = ("x", "twitter", "bluesky", "threads", "instagram", "linkedin", "facebook", "nextdoor", "tiktok",
             "youtube", "mastodon", "website", "email", "sms")
MAX_FIELD_CHARS = 20_000  # a comment or an account name, generously
MAX_ITEMS = 200  # media, links or waivers on one draft


@dataclass(frozen=True)
class ReplyContext:
    """The resident's comment a reply answers: context for the reply, never screened itself."""

    text: str
    author: str | None = None


@dataclass(frozen=True)
class Media:
    file: str | None
    alt: str | None


class FrontMatter:
    def __init__(self, path: str, meta: dict):
        self.path = path
        self.meta = meta

    def content_type(self, key: str, allowed: tuple[str, ...] | None) -> str | None:
        """`type:` as the policy's content types spell it; checked when the policy's list is known."""
        if allowed is not None:
            return self.choice(key, allowed, label="content type")
        value = self.text(key)
        return value.lower().replace(" ", "_").replace("-", "_") if value else None

    def _where(self, key: str) -> str:
        line_of = getattr(self.meta, "line_of", None)
        return location(self.path, line_of(key) if line_of else None, key)

    def _error(self, key: str, message: str, fix: str) -> DraftError:
        return DraftError(message, where=self._where(key), fix=fix)

    def reject_unknown(self) -> None:
        for key in self.meta:
            if str(key) not in FRONT_MATTER_KEYS:
                raise self._error(key, f"unknown front matter key {str(key)!r}",
                                  _did_you_mean(str(key), FRONT_MATTER_KEYS) + f"keys: {', '.join(FRONT_MATTER_KEYS)}")

    def text(self, key: str) -> str | None:
        value = self.meta.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self._error(key, f"front matter '{key}' must be a single value", f"write e.g. '{key}: some text'")
        text = str(value).strip()
        if len(text) > MAX_FIELD_CHARS:
            raise self._error(key, f"front matter '{key}' is {len(text):,} characters long",
                              f"keep it under {MAX_FIELD_CHARS:,}")
        return text or None

    def choice(self, key: str, allowed: tuple[str, ...], aliases: dict[str, str] | None = None,
               label: str | None = None) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        chosen = value.lower().replace(" ", "_").replace("-", "_")
        if chosen not in allowed:
            raise self._error(key, f"unknown {label or key} {value!r}",
                              _did_you_mean(chosen, allowed) + f"use one of: {', '.join(allowed)}")
        return (aliases or {}).get(chosen, chosen)

    def language_code(self, key: str) -> str | None:
        """`lang: es`: a two- or three-letter ISO 639 code, lower case."""
        value = self.text(key)
        if value is None:
            return None
        code = value.lower().split("-")[0].split("_")[0]
        if not (code.isalpha() and 2 <= len(code) <= 3):
            raise self._error(key, f"front matter '{key}' is not a language code: {value!r}", "write e.g. 'lang: es'")
        return code

    def date(self, key: str) -> dt.date | dt.datetime | None:
        value = self.meta.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, (dt.date, dt.datetime)):
            return value
        text = self.text(key)
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError as exc:
            impossible = "out of range" in str(exc) or "must be in" in str(exc)  # 2026-02-30, month 13, year 0
            said = f"is not a real date: {text!r} ({exc})" if impossible else f"is not a date: {text!r}"
            raise self._error(key, f"front matter '{key}' {said}", "write it as 2026-11-29 or 2026-11-29T18:00") from None
        return parsed.date() if len(text) <= 10 else parsed

    def reply(self, key: str) -> ReplyContext | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return ReplyContext(text=self.text(key) or "")
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            author = value.get("author")
            if author is not None and (isinstance(author, bool) or not isinstance(author, (str, int, float))):
                raise self._error(key, "front matter 'in_reply_to.author' must be a name or handle",
                                  "write e.g. 'author: \"@resident_abq\"'")
            unknown = set(map(str, value)) - {"text", "author"}
            if unknown:
                raise self._error(key, f"unknown key {sorted(unknown)[0]!r} in 'in_reply_to'",
                                  "in_reply_to takes text and author")
            text = value["text"].strip()
            if len(text) > MAX_FIELD_CHARS:
                raise self._error(key, f"the comment in 'in_reply_to' is {len(text):,} characters long",
                                  f"keep it under {MAX_FIELD_CHARS:,}")
            return ReplyContext(text=text, author=str(author).strip() if author not in (None, "") else None)
        raise self._error(key, "front matter 'in_reply_to' must be the comment text or {text: ..., author: ...}",
                          "quote the resident's comment as a string")

    def media(self, key: str) -> list[Media]:
        value = self.meta.get(key)
        if value is None or value == "":
            return []
        items = [value] if isinstance(value, (str, dict)) else value  # one file may be written without a list
        fix = "write e.g. 'media: [{file: map.png, alt: \"Map of the closure\"}]'"
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise self._error(key, f"front matter '{key}' must be a list of files or {{file: ..., alt: ...}}", fix)
        found = []
        for item in items:
            if isinstance(item, str):
                found.append(Media(file=item, alt=None))
            elif isinstance(item, dict) and all(isinstance(item.get(k), (str, type(None))) for k in ("file", "path", "alt")):
                found.append(Media(file=item.get("file") or item.get("path"), alt=(item.get("alt") or None)))
            else:
                raise self._error(key, f"front matter '{key}' must be a list of files or {{file: ..., alt: ...}}", fix)
        return found

    def strings(self, key: str) -> list[str]:
        value = self.meta.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [value]
        if isinstance(value, list) and len(value) <= MAX_ITEMS and all(isinstance(v, str) for v in value):
            return list(value)
        raise self._error(key, f"front matter '{key}' must be a list of strings", f"write e.g. '{key}: [https://www.cabq.gov/]'")

    def waivers(self, key: str) -> list[dict]:
        value = self.meta.get(key)
        if value is None or value == "" or value == []:
            return []
        items = [value] if isinstance(value, dict) else value
        fix = "write: waive: [{rule: ID, reason: \"why\", approved_by: \"name\"}]"
        if not isinstance(items, list) or len(items) > MAX_ITEMS:
            raise self._error(key, f"front matter '{key}' must be a list of waivers", fix)
        waivers = []
        for item in items:
            if not isinstance(item, dict) or not all(
                    isinstance(v, (str, int, float)) and not isinstance(v, bool) for v in item.values()):
                raise self._error(key, "each waiver must be {rule: ..., reason: ..., approved_by: ...} with text values",
                                  fix)
            waivers.append({str(k): str(v) for k, v in item.items()})
        return waivers


def _did_you_mean(value: str, allowed) -> str:
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""
