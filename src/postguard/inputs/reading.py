"""Bytes from files, safely: regular files only, bounded in size, decoded from UTF-8/16/32."""
from __future__ import annotations

import stat
from pathlib import Path

from postguard.errors import DraftError

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
