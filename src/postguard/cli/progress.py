"""A progress bar for long runs: on a terminal only, never in a CI log or a pipe."""
from __future__ import annotations

import os
import sys
import time

SHOW_AFTER_S = 2.0  # a run that ends sooner never shows a bar (it would only flicker)


def progress_bar(total: int, *, label: str = "screening"):
    """A `progress(n)` callback that draws a transient bar on stderr once the run has taken
    SHOW_AFTER_S; None where no bar belongs (not a terminal, CI, nothing to do)."""
    if total < 1 or not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    started, done, bar = time.monotonic(), 0, None

    def advance(count: int) -> None:
        nonlocal done, bar
        done += count
        if bar is None and done < total and time.monotonic() - started >= SHOW_AFTER_S:
            bar = _start(label, total, done)
        elif bar is not None:
            bar.update(bar.task_ids[0], completed=done)
            if done >= total:
                bar.stop()
    return advance


def _start(label: str, total: int, done: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), transient=True)
    bar.add_task(label, total=total, completed=done)
    bar.start()
    return bar
