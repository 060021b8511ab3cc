"""Writing a report to a file without ever destroying something a user wrote.

The target is checked before any screening starts (a missing folder is one line, not a report
lost after a long run), a target that is one of the drafts being screened is refused, and the
report is written to a temporary file beside the target and moved into place, so a failed or
interrupted write never leaves half a file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TextIO

from postguard.errors import PostguardError


def check_target(output: str, inputs: Iterable[str] = ()) -> Path:
    """The resolved target, after checking it can be written and is not one of the inputs."""
    target = Path(output)
    if target.is_dir():
        raise PostguardError(f"--output {output} is a folder", fix="name a file, e.g. --output report.json")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise PostguardError(f"--output {output}: the folder {folder} does not exist",
                             fix="create it first, or choose another place for the report")
    if not os.access(folder, os.W_OK):
        raise PostguardError(f"--output {output}: cannot write in {folder}", fix="choose a folder you can write to")
    if target.exists():
        from postguard.inputs.files import expand_inputs

        found, _ = expand_inputs([i for i in inputs if i != "-"])
        for _, path in found:
            if path is not None and path.exists() and target.samefile(path):
                raise PostguardError(f"--output {output} is one of the drafts being screened; the report would "
                                     "replace it", fix="write the report to another file")
    return target


def write_atomically(target: Path, write: Callable[[TextIO], None]) -> None:
    """Call write(stream) on a temporary file beside `target`, then move it into place."""
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            write(stream)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
