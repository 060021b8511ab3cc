"""Regular expressions written in policy packs, run with a time bound.

A pack is written by people, and one careless pattern such as `(a|aa)+$` can take exponential
time on an ordinary draft. Pack patterns therefore run on the `regex` package, which stops a
search after a timeout: at load, each pattern is tried on strings built to trigger runaway
backtracking and refused if it stalls; while screening, a pattern that still stalls on a draft
fails that draft with a line naming the pattern, and every other draft is screened.

Loading only checks a pattern (stdlib `re` reads the same syntax in a third of the time, and
only a pattern with a repeated group gets the `regex` trial); screening compiles the `regex`
object the first time a pattern runs — so a run the cache answers compiles almost none.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

from postguard.errors import PolicyError, PostguardError

SCREEN_TIMEOUT_S = 1.0  # one search over one draft (at most 65,000 characters by default)
LOAD_TIMEOUT_S = 0.05  # one trial string at load
_TRIAL_LENGTH = 30
_REPEATED_GROUP = re.compile(r"\)[*+{]")


class PatternTimeout(PostguardError):
    """A pack pattern took too long on one draft."""


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str, ignore_case: bool = True) -> regex.Pattern:
    """Compile with Python `re` syntax (regex's VERSION0); raises regex.error like re.error."""
    import regex  # imported on first use: a run the cache answers runs no pattern

    return regex.compile(pattern, (regex.IGNORECASE if ignore_case else 0) | regex.VERSION0)


def check_pattern(pattern: str, where: str, ignore_case: bool = True) -> re.Pattern:
    """Check a pack pattern at load — it compiles, and it does not stall on runaway-backtracking
    bait — and return it as a stdlib pattern for checks on a rule's own short examples. Screening
    runs it through compile_pattern (with a timeout). PolicyError if either check fails."""
    try:
        checked = re.compile(pattern, re.IGNORECASE if ignore_case else 0)
    except (re.error, TypeError, ValueError, OverflowError, RecursionError) as exc:
        raise PolicyError(f"pattern does not compile: {exc} (in {pattern!r})", where=where,
                          fix="fix the regular expression (Python syntax)") from None
    bait = _bait(pattern)
    if bait:
        import regex

        try:
            compiled = compile_pattern(pattern, ignore_case)
        except (regex.error, TypeError, ValueError, OverflowError, RecursionError) as exc:
            raise PolicyError(f"pattern does not compile: {exc} (in {pattern!r})", where=where,
                              fix="fix the regular expression (Python syntax)") from None
        for text in bait:
            try:
                compiled.search(text, timeout=LOAD_TIMEOUT_S)
            except TimeoutError:
                raise PolicyError(f"pattern {pattern!r} can take exponential time (catastrophic backtracking)",
                                  where=where, fix="remove nested or overlapping repetition such as (a+)+ or (a|aa)+") from None
    return checked


def _bait(pattern: str) -> list[str]:
    """Long runs of each character the pattern mentions (and a few common ones), then a mismatch.

    Only a pattern with a repeated group — `(...)+`, `(...)*`, `(...){n,}` — can backtrack
    exponentially (nested or overlapping repetition needs one); the rest are not tried, which
    keeps loading a pack of hundreds of patterns fast. Any pattern still runs under a timeout."""
    if not _REPEATED_GROUP.search(pattern):
        return []
    chars = {c for c in pattern if c.isalnum()} | {"a", " ", "0", "."}
    return [c * _TRIAL_LENGTH + "\u0000" for c in sorted(chars)]


def search(pattern: regex.Pattern, text: str, rule: str = ""):
    try:
        return pattern.search(text, timeout=SCREEN_TIMEOUT_S)
    except TimeoutError:
        raise _timeout(pattern, rule) from None


def finditer(pattern: regex.Pattern, text: str, rule: str = "") -> list:
    try:
        return list(pattern.finditer(text, timeout=SCREEN_TIMEOUT_S))
    except TimeoutError:
        raise _timeout(pattern, rule) from None


def _timeout(pattern: regex.Pattern, rule: str) -> PatternTimeout:
    owner = f"rule {rule}'s pattern" if rule else "pattern"
    return PatternTimeout(f"{owner} {pattern.pattern!r} took over {SCREEN_TIMEOUT_S:g} s on this draft",
                          fix="simplify the pattern in the policy pack (nested or overlapping repetition)")
