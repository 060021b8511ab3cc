"""Reading drafts: plain .txt, Markdown with YAML front matter, whole folders, exports, or stdin."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterable

from postguard.errors import DraftError
from postguard.inputs.draft import (DRAFT_SUFFIXES, EXPORT_SUFFIXES, FRONT_MATTER_SUFFIXES, STDIN_NAME, Draft,
                                    DraftOptions, InputProblem, LoadResult)
from postguard.inputs.parse import draft_from_text
from postguard.inputs.reading import decode_text, read_bounded

def read_draft_file(path: Path, shown_as: str, options: DraftOptions = DraftOptions()) -> Draft:
    """Read one draft file. Raises DraftError with a one-line reason and fix."""
    data = read_bounded(path, shown_as, options.max_bytes)
    return draft_from_text(decode_text(data, shown_as, options.max_bytes), shown_as,
                           front_matter=path.suffix.lower() in FRONT_MATTER_SUFFIXES, options=options)



def expand_inputs(inputs: Iterable[str], stdin_name: str | None = None) -> tuple[list[tuple[str, Path | None]], list[InputProblem]]:
    """Turn command-line inputs into (shown name, path) pairs; '-' means stdin (path None), shown
    as `stdin_name` when the caller knows which file it holds (an editor's buffer).

    Folders are walked recursively in sorted order for drafts (.txt, .md, .jsonl, .csv); hidden files and
    folders (.git, .cache) are skipped. A missing path or a broken link is a problem, never skipped silently.
    """
    found: list[tuple[str, Path | None]] = []
    problems: list[InputProblem] = []
    for raw in inputs:
        if raw == "-":
            found.append((stdin_name or STDIN_NAME, None))
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
                options: DraftOptions = DraftOptions(), stdin_name: str | None = None) -> LoadResult:
    """Read every draft named by the inputs; unreadable ones become problems, the rest load.

    With `changed_since`, only drafts added or changed since that git ref are read. A draft
    longer than `options.max_chars` is a problem, not screened (the work one draft costs is bounded).
    """
    found, problems = expand_inputs(inputs, stdin_name)
    if changed_since:
        from postguard.inputs.changed import keep_changed

        found = keep_changed(found, changed_since)
    drafts: list[Draft] = []
    for shown_as, path in found:
        try:
            if path is None:
                stream = stdin if stdin is not None else sys.stdin.buffer
                data = stream.read(options.max_bytes + 1)
                data = data.encode("utf-8") if isinstance(data, str) else data
                drafts.append(_draft_from_stdin(data, shown_as, stdin_name, options))
            elif path.suffix.lower() in EXPORT_SUFFIXES:
                from postguard.inputs.exports import read_export  # csv and json only load for exports

                rows, row_problems = read_export(path, shown_as, options)
                drafts.extend(rows)
                problems.extend(row_problems)
            else:
                drafts.append(read_draft_file(path, shown_as, options))
        except DraftError as exc:
            problems.append(InputProblem(shown_as, exc.one_line()))
    return LoadResult(drafts=drafts, problems=problems)


def _draft_from_stdin(data: bytes, shown_as: str, stdin_name: str | None, options: DraftOptions) -> Draft:
    """Standard input may hold front matter; named with --stdin-filename, it is read as that file would be."""
    suffix = Path(stdin_name).suffix.lower() if stdin_name else ""
    if suffix in EXPORT_SUFFIXES:
        raise DraftError(f"an export ({suffix}) cannot be read from standard input", where=shown_as,
                         fix="name the file on the command line instead of piping it")
    front_matter = not stdin_name or suffix in FRONT_MATTER_SUFFIXES
    return draft_from_text(decode_text(data, shown_as, options.max_bytes), shown_as, front_matter=front_matter,
                           options=options)
