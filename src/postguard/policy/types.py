"""What a policy pack holds, once loaded: metadata, sections, severities, content types,
response guidelines and rules. Loading and validating them is postguard.policy's job."""
from __future__ import annotations

from dataclasses import dataclass, field

from postguard.errors import PolicyError
from postguard.results import Criterion, Severity


BUILT_IN_TYPES = ("reply", "other")  # screening infers these itself: a reply answers a comment, other fits none


@dataclass(frozen=True)
class PolicySection:
    ref: str  # "§1.A.3"
    title: str
    text: str = ""
    prefix: str = ""  # the policy's citation prefix ("Res."), set once the packs are loaded

    @property
    def citation(self) -> str:
        return f"{self.prefix} {self.ref}".strip()


@dataclass(frozen=True)
class SeverityMeaning:
    name: Severity
    meaning: str
    discipline: str = ""
    restoration: str = ""


@dataclass(frozen=True)
class PolicyMeta:
    id: str = "custom"
    title: str = "Social media policy"
    version: str = "0"
    adopted: str = ""
    last_reviewed: str = ""
    review_interval_months: int = 12
    source: str = ""
    owner: str = ""
    transparency_url: str = ""
    language: str = "en"  # the language the pack's rules are written in (postguard.analysis.lang)
    citation_prefix: str = ""  # before a section reference in every finding: "Res." gives "Res. §1.A.3"
    waiver_section: str = ""  # the section that findings about waivers cite (supervision: §1.A.5)


@dataclass(frozen=True)
class RuleSpec:
    id: str
    title: str
    kind: str
    criterion: Criterion
    section: str
    severity: Severity
    message: str
    suggestion: str
    examples: dict  # {"flag": [...], "pass": [...]}: strings, or mappings with "text" and draft fields
    params: dict = field(default_factory=dict)
    enabled: bool = True
    description: str = ""
    quotes: bool = False  # True: also match inside quotations (normally the quoted words are not ours)
    waivable: bool | None = None  # None: waivable unless critical
    language: str = "en"  # the language of the pack file it came from: word rules screen drafts in it only
    types: tuple[str, ...] = ()  # only drafts of these content types (empty: all)
    unless: tuple[str, ...] = ()  # regexes: a draft matching any of them is not checked by this rule
    unless_link: bool = False  # a draft with a link is not checked (e.g. a statistic with its source)
    comment_kinds: tuple[str, ...] = ()  # only replies to these kinds of comment (empty: any draft)
    source: str = ""  # "file:line" where the rule (or its last override) is written


@dataclass(frozen=True)
class ContentType:
    """An appropriate kind of post (§1.A.2), and the cues that suggest a draft is one."""

    name: str
    title: str
    cues: tuple[str, ...] = ()  # regular expressions, case-insensitive
    min_cues: int = 1  # how many different cues must be present to infer this type


@dataclass(frozen=True)
class CommentKind:
    """A kind of resident comment (§1.A.4), how to recognise it, and how to answer it."""

    name: str
    title: str
    guideline: str
    cues: tuple[str, ...] = ()  # regular expressions over the comment, case-insensitive
    patterns: tuple = ()  # dependency patterns over the comment's parse (postguard.analysis.dependency)
    min_score: dict = field(default_factory=dict)  # classifier label -> probability that alone makes it this kind
    templates: tuple[str, ...] = ()  # de-escalating replies: {topic}, {link}, {channel}, {author}
    escalate_to: str = ""  # for threats: who to tell instead of replying
    reply_publicly: bool = True


@dataclass(frozen=True)
class ResponseGuide:
    """§1.A.4 Response Guidelines as data: comment kinds in the order they are tested, and channels."""

    kinds: tuple[CommentKind, ...] = ()
    channels: dict = field(default_factory=dict)  # account -> the offline channel to offer; "default"
    links: dict = field(default_factory=dict)  # account -> the official page to point to; "default"

    def kind(self, name: str | None) -> CommentKind | None:
        return next((k for k in self.kinds if k.name == name), None)

    def for_account(self, table: dict, account: str | None) -> str:
        return str(table.get(account or "", table.get("default", "")))


@dataclass(frozen=True)
class Contact:
    """A way for residents to give feedback or report a post (§1.B), shown on the Transparency page."""

    kind: str  # web, email, phone, postal
    address: str  # https://..., name@cabq.gov, 505-768-2000, a postal address
    label: str = ""
    hours: str = ""

    @property
    def href(self) -> str:
        """The link a resident's device opens ('' for a postal address)."""
        if self.kind == "email":
            return f"mailto:{self.address}"
        if self.kind == "phone":
            digits = "".join(c for c in self.address if c.isdigit())
            return f"tel:+1{digits[-10:]}" if len(digits) >= 10 else f"tel:{digits}"  # a US number, or 311
        return self.address if self.kind == "web" else ""


CONTACT_KINDS = ("web", "email", "phone", "postal")
CONTACT_PURPOSES = ("feedback", "report")  # feedback on the policy; reporting a post that breaks it


@dataclass(frozen=True)
class Discipline:
    """§1.A.6: the step a supervisor considers for the n-th finding of a severity within the window."""

    window_months: int = 12
    steps: dict = field(default_factory=dict)  # Severity -> [step for the 1st, 2nd, 3rd and later]
    note: str = ""  # e.g. "postguard recommends; people decide"

    def step(self, severity: Severity, count: int) -> str:
        steps = self.steps.get(severity) or []
        return steps[min(count, len(steps)) - 1] if steps and count > 0 else ""


@dataclass
class Policy:
    meta: PolicyMeta
    sections: dict[str, PolicySection]
    severities: dict[Severity, SeverityMeaning]
    rules: list[RuleSpec]
    sources: list[str] = field(default_factory=list)
    fingerprint: str = ""
    content_types: dict[str, ContentType] = field(default_factory=dict)
    responses: ResponseGuide = field(default_factory=ResponseGuide)
    contacts: dict[str, list[Contact]] = field(default_factory=dict)  # purpose -> channels (§1.B)
    discipline: Discipline = field(default_factory=Discipline)  # §1.A.6
    restoration: dict[str, list[str]] = field(default_factory=dict)  # criterion -> restorative actions (§1.A.7)

    @property
    def content_type_names(self) -> tuple[str, ...]:
        """Every content type a draft may declare: the policy's, and the two screening infers itself."""
        return tuple(dict.fromkeys([*self.content_types, *BUILT_IN_TYPES]))

    def content_type_title(self, name: str) -> str:
        kind = self.content_types.get(name)
        return kind.title if kind else name

    def is_waivable(self, rule_id: str) -> bool:
        spec = next((r for r in self.rules if r.id == rule_id), None)
        if spec is None:
            return False
        return spec.waivable if spec.waivable is not None else spec.severity is not Severity.CRITICAL

    @property
    def enabled_rules(self) -> list[RuleSpec]:
        return [r for r in self.rules if r.enabled]

    def rule(self, rule_id: str) -> RuleSpec:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise PolicyError(f"no rule with id {rule_id!r}", fix="run 'postguard rules list' to see the ids")

    def section(self, ref: str) -> PolicySection:
        return self.sections.get(ref) or PolicySection(ref=ref, title="", prefix=self.meta.citation_prefix)
