"""Styled lines for people: rich Text on a colour terminal, plain text everywhere else.

A layout (postguard.report.terminal) builds each line once, as segments — a string, or a
(string, rich style) pair — and a writer prints it. Logs, pipes, files and NO_COLOR get the
plain writer, which never imports rich: rendering through rich costs about half a millisecond
a draft, most of a cached run's time.
"""
from __future__ import annotations

import os
from typing import Union

from postguard.report.visible import visible

Segment = Union[str, tuple[str, str]]


def wants_color(out, color: bool | None = None) -> bool:
    """Colour when asked for; else on a terminal, unless NO_COLOR is set or TERM is dumb (as rich decides)."""
    if color is not None:
        return color
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM", "").lower() not in ("dumb", "unknown")


class PlainWriter:
    """Whole lines of plain text: no colour codes, no wrapping, control characters made visible."""

    plain = True

    def __init__(self, out):
        self.out = out

    def line(self, *segments: Segment) -> None:
        self.out.write(visible("".join(s if isinstance(s, str) else s[0] for s in segments)) + "\n")


class RichWriter:
    """Lines through a rich Console: colours, and wrapping at the terminal's width."""

    plain = False

    def __init__(self, out, color: bool | None = None):
        self.console = make_console(out, color=color)

    def line(self, *segments: Segment) -> None:
        from rich.text import Text

        self.console.print(Text.assemble(*segments))


def line_writer(out, color: bool | None = None):
    return RichWriter(out, color) if wants_color(out, color) else PlainWriter(out)


def make_console(out, *, color: bool | None = None):
    """A rich Console for tables and lines: colour only on a terminal and only without NO_COLOR
    (rich reads NO_COLOR itself); control characters in what it prints shown as symbols."""
    from rich.console import Console
    from rich.text import Text

    class SafeConsole(Console):
        def print(self, *objects, **kwargs) -> None:
            super().print(*(_visible(o, Text) for o in objects), **kwargs)

    console = SafeConsole(file=out, highlight=False, emoji=False, markup=False,  # user text may hold [brackets]
                          no_color=None if color is None else not color, force_terminal=color)
    if not console.is_terminal:  # logs and pipes get whole lines and wide tables, not 80-column wraps
        console.soft_wrap = True
        console.width = max(console.width, 160)
    return console


def _visible(renderable, text_type):
    if isinstance(renderable, str):
        return visible(renderable)
    if isinstance(renderable, text_type) and visible(renderable.plain) != renderable.plain:
        copy = renderable.copy()
        copy.plain = visible(renderable.plain)  # one symbol per character: the styles' spans still fit
        return copy
    return renderable
