"""What every rule kind shares: its parameters, validation, and the Hit it returns."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Iterable

from postguard.errors import PolicyError
from postguard.policy.patterns import check_pattern, compile_pattern

Where = Callable[[str], str]  # field name -> "file:line (field)" for error messages


@dataclass(frozen=True)
class Hit:
    """Where a rule matched, as character offsets into the draft body."""

    start: int
    end: int
    score: float | None = None
    detail: str = ""  # a measured value worth showing, e.g. "7 hashtags (limit 3)"
    suggestion: str = ""  # a suggestion for this very hit (e.g. the plain word for a jargon word)
    severity: object = None  # a Severity for this hit, where the rule is less sure than usual
    message: str = ""  # what this very hit reads as, where one rule covers several kinds of problem
    section: str = ""  # the policy section this very hit breaks, where that depends on the hit


@dataclass(frozen=True)
class Param:
    types: type | tuple[type, ...]
    required: bool = False
    doc: str = ""
    choices: tuple | None = None


class RuleKind:
    """A kind of check, configured by a rule's YAML; a subclass per kind, registered by name."""

    name: ClassVar[str]
    summary: ClassVar[str]
    content_type_params: ClassVar[tuple[str, ...]] = ()  # params listing content types: checked against the policy's
    # A kind that reads the draft through its Language (dates, links, measures, the conduct model)
    # screens every screened language; the rest screen only the language their pack is written in.
    language_neutral: ClassVar[bool] = False
    for_unscreened_languages: ClassVar[bool] = False  # runs on drafts in a language postguard does not screen
    params: ClassVar[dict[str, Param]] = {}

    def __init__(self, spec, nlp, **context):
        self.spec = spec

    @classmethod
    def check_params(cls, spec, where: Where) -> None:
        for key, value in spec.params.items():
            param = cls.params.get(key)
            if param is None:
                known = ", ".join(sorted(cls.params)) or "none"
                raise PolicyError(f"unknown field {key!r} for a rule of kind {cls.name!r}", where=where(key),
                                  fix=f"fields this kind takes: {known}")
            if isinstance(value, bool) and bool not in _as_tuple(param.types):
                raise PolicyError(f"'{key}' has the wrong type", where=where(key), fix=param.doc)
            if not isinstance(value, param.types):
                raise PolicyError(f"'{key}' has the wrong type", where=where(key), fix=param.doc)
            if param.choices and value not in param.choices:
                raise PolicyError(f"'{key}' must be one of: {', '.join(map(str, param.choices))}", where=where(key))
        for key, param in cls.params.items():
            if param.required and key not in spec.params:
                raise PolicyError(f"rule {spec.id!r} of kind {cls.name!r} needs '{key}'", where=where("kind"),
                                  fix=param.doc)
        cls.validate(spec, where)

    @classmethod
    def validate(cls, spec, where: Where) -> None:
        """Deeper checks of the parameters, without loading any model."""

    def param(self, key: str, default: Any = None) -> Any:
        return self.spec.params.get(key, default)

    @classmethod
    def sections_named(cls, spec) -> list[str]:
        """Policy sections a rule's parameters cite besides its own (checked like `section`)."""
        return []

    @classmethod
    def not_run_reason(cls, spec, classifier) -> str | None:
        """Why a rule of this kind cannot run with the given classifier (None: it can)."""
        return None

    def find(self, analysis) -> Iterable[Hit]:
        raise NotImplementedError


class CrossDraftRuleKind(RuleKind):
    """A check over the whole batch (near-duplicates), run after the per-draft rules.

    Its `find_across` yields (index of the draft, Hit, the text of the finding's words) for the
    drafts it flags; it never sees an Analysis."""

    @classmethod
    def find_across(cls, spec, drafts) -> Iterable[tuple[int, Hit, str]]:
        raise NotImplementedError

    def find(self, analysis) -> Iterable[Hit]:
        return ()  # nothing to say about one draft alone


def _as_tuple(types) -> tuple:
    return types if isinstance(types, tuple) else (types,)


def check_regex_list(spec, key: str, where: Where) -> None:
    """At load: a parameter that is a list of regular expressions, each checked for syntax and
    runaway backtracking (postguard.policy.patterns)."""
    for pattern in string_list(spec, key, where):
        check_pattern(pattern, where(key))


def regex_list(spec, key: str) -> list:
    """At screening: the same list compiled case-insensitively, to run with patterns.finditer/search."""
    return [compile_pattern(p) for p in spec.params[key]]


def string_list(spec, key: str, where: Where) -> list[str]:
    values = spec.params.get(key)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise PolicyError(f"'{key}' must be a non-empty list of non-empty strings", where=where(key))
    return values
