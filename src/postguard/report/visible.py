"""Text from drafts and packs made safe to show: control characters become visible symbols.

A draft, an account name or a file name can hold terminal escape sequences (clear the screen,
set the window title, plant a hyperlink) or bidi overrides that reorder what is shown. Each
such character is replaced by one visible symbol — one for one, so every offset into the text
(highlighted words) stays right.
"""
from __future__ import annotations

import unicodedata

_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def _symbol(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␛ for ESC, ␇ for BEL, ...
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1 controls and bidi overrides: the replacement character


_TABLE = {c: _symbol(chr(c)) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if chr(c) not in "\n\t"}
_TABLE.update({ord(c): "\ufffd" for c in _BIDI})


def visible(text: str) -> str:
    """`text` with every control character except newline and tab replaced by a visible symbol."""
    if text.isprintable() or all(ch.isprintable() or ch in "\n\t" for ch in text):
        if not any(ch in _BIDI for ch in text):
            return text
    return text.translate(_TABLE)


def is_safe(text: str) -> bool:
    return visible(text) == text and not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in text)
