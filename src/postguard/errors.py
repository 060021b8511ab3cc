"""Errors a user can cause and fix. The CLI prints each as one line and exits 2."""
from __future__ import annotations


class PostguardError(Exception):
    """A problem the user can fix: shown as one line, never as a traceback."""

    def __init__(self, message: str, *, where: str | None = None, fix: str | None = None):
        self.message = message
        self.where = where
        self.fix = fix
        super().__init__(self.one_line())

    def one_line(self) -> str:
        parts = [f"{self.where}: {self.message}" if self.where else self.message]
        if self.fix:
            parts.append(self.fix)
        return " — ".join(parts)


class PolicyError(PostguardError):
    """The policy pack or config is invalid (file, line and field are named in `where`)."""


class DraftError(PostguardError):
    """A draft could not be read or parsed."""


class ModelError(PostguardError):
    """A model the configuration requires is missing or unusable."""


def location(path: object, line: int | None = None, field: str | None = None) -> str:
    """Format 'file:line (field)' the same way everywhere."""
    text = str(path)
    if line:
        text += f":{line}"
    if field:
        text += f" ({field})"
    return text
