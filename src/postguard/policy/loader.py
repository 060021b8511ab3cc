"""The policy pack: the City's social media policy as data (metadata, sections, severities, rules).

A pack is a folder of YAML files (or one file). The default pack ships in `rules/`; a
department pack `extends: default`, adds rules, and overrides default rules by id — an
override names only the fields it changes (e.g. `{id: attack.profanity, severity: critical}`
or `{id: style.hashtags, enabled: false}`).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from postguard.errors import PolicyError, location
from postguard.results import Criterion, Severity
from postguard.policy.types import (CONTACT_KINDS, CONTACT_PURPOSES, CommentKind, Contact, ContentType, Discipline,
                                    Policy, PolicyMeta, PolicySection, ResponseGuide, RuleSpec, SeverityMeaning)
from postguard.analysis.dependency import validate_patterns
from postguard.policy.patterns import check_pattern
from postguard.yamlsource import LineDict, load_yaml_file, plain

__all__ = ["Policy", "RuleSpec", "default_pack_dir", "load_policy"]

PACK_MANIFEST = "policy.yaml"
TOP_LEVEL_KEYS = ("extends", "policy", "sections", "severities", "content_types", "responses", "contacts", "discipline",
                  "restoration", "rules", "language")
RULE_FIELDS = ("id", "title", "kind", "criterion", "section", "severity", "message", "suggestion",
               "examples", "enabled", "description", "quotes", "waivable", "types", "unless", "unless_link",
               "comment_kinds")
REQUIRED_RULE_FIELDS = ("id", "title", "kind", "criterion", "section", "severity", "message", "suggestion",
                        "examples")


def default_pack_dir() -> Path:
    """The shipped pack: inside the installed wheel, or `rules/` of a source checkout."""
    installed = Path(__file__).resolve().parents[1] / "_data" / "rules"
    return installed if installed.is_dir() else Path(__file__).resolve().parents[3] / "rules"


def load_policy(extra_packs: list[str | Path] = (), *, include_default: bool = True) -> Policy:
    """Load the default pack, then each extra pack in order (adding and overriding rules)."""
    policy = Policy(meta=PolicyMeta(), sections={}, severities={}, rules=[])
    packs = [default_pack_dir()] if include_default else []
    for extra in extra_packs:
        path = Path(extra)
        if not path.exists():
            raise PolicyError("rules pack not found", where=str(extra), fix="check the --rules path")
        if _extends(path) == "none":
            policy = Policy(meta=PolicyMeta(), sections={}, severities={}, rules=[])
            packs = [p for p in packs if p != default_pack_dir()]
        packs.append(path)
    for pack in packs:
        _apply_pack(policy, pack)
    if not policy.rules:
        raise PolicyError("the policy has no rules", where=", ".join(policy.sources) or None,
                          fix="add rules or drop 'extends: none'")
    _check_references(policy)
    policy.sections = {ref: replace(s, prefix=policy.meta.citation_prefix) for ref, s in policy.sections.items()}
    if policy.meta.waiver_section and policy.meta.waiver_section not in policy.sections:
        raise PolicyError(f"waiver_section {policy.meta.waiver_section!r} is not one of the sections",
                          where=policy.sources[0] if policy.sources else None)
    policy.fingerprint = fingerprint(policy)
    return policy


def _check_references(policy: Policy) -> None:
    """What a rule names must exist once every pack is loaded: comment kinds, sections, content types."""
    from postguard.rules import rule_kind

    kinds = {k.name for k in policy.responses.kinds}
    content_types = set(policy.content_type_names)
    for spec in policy.rules:
        unknown_kinds = set(spec.comment_kinds) - kinds
        if unknown_kinds:
            raise PolicyError(f"rule {spec.id!r} names unknown comment kind {sorted(unknown_kinds)[0]!r}",
                              where=spec.source, fix=f"use one of: {', '.join(sorted(kinds))}")
        for section in [spec.section, *rule_kind(spec.kind).sections_named(spec)]:
            if section not in policy.sections:
                raise PolicyError(f"rule {spec.id!r} cites unknown policy section {section!r}",
                                  where=spec.source, fix=f"use one of: {', '.join(policy.sections)}")
        named = set(spec.types) | {t for key in rule_kind(spec.kind).content_type_params for t in spec.params.get(key, [])}
        if named - content_types:
            raise PolicyError(f"rule {spec.id!r} names unknown content type {sorted(named - content_types)[0]!r}",
                              where=spec.source, fix=f"use one of: {', '.join(sorted(content_types))}")


def _pack_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    # A pack is a folder of YAML files, and the folders inside it (one per language, e.g. rules/es/).
    files = sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    manifest = path / PACK_MANIFEST
    return ([manifest] if manifest in files else []) + [p for p in files if p != manifest]


def _extends(path: Path) -> str:
    first = _pack_files(path)
    doc = load_yaml_file(first[0]) if first else None
    value = doc.get("extends", "default") if isinstance(doc, dict) else "default"
    if value not in ("default", "none"):
        raise PolicyError(f"extends must be 'default' or 'none', not {value!r}",
                          where=location(first[0], doc.line_of("extends")))
    return value


def _apply_pack(policy: Policy, pack: Path) -> None:
    seen_here: set[str] = set()
    for path in _pack_files(pack):
        doc = load_yaml_file(path)
        _refuse_cut_prose(path)
        if doc is None:
            continue
        if not isinstance(doc, LineDict):
            raise PolicyError("a policy file must be a mapping with keys like 'policy' and 'rules'",
                              where=location(path, 1))
        unknown = set(doc) - set(TOP_LEVEL_KEYS)
        if unknown:
            key = sorted(map(str, unknown))[0]
            raise PolicyError(f"unknown top-level key {key!r}", where=location(path, doc.line_of(key)),
                              fix=f"use {', '.join(TOP_LEVEL_KEYS)}")
        policy.sources.append(str(path))
        if "policy" in doc:
            policy.meta = _meta(doc["policy"], path, policy.meta)
        for ref, raw in (doc.get("sections") or {}).items():
            policy.sections[str(ref)] = _section(str(ref), raw, path, doc["sections"].line_of(ref))
        for name, raw in (doc.get("severities") or {}).items():
            sev = _enum(Severity, name, location(path, doc["severities"].line_of(name)), "severities")
            policy.severities[sev] = SeverityMeaning(name=sev, **_only(raw, ("meaning", "discipline", "restoration"),
                                                                       path))
        for name, raw in (doc.get("content_types") or {}).items():
            policy.content_types[str(name)] = _content_type(str(name), raw, path, doc["content_types"].line_of(name))
        if "responses" in doc:
            policy.responses = _responses(doc["responses"], path)
        if "contacts" in doc:
            policy.contacts = _contacts(doc["contacts"], path, doc.line_of("contacts"))
        if "discipline" in doc:
            policy.discipline = _discipline(doc["discipline"], path, doc.line_of("discipline"))
        if "restoration" in doc:
            policy.restoration = _restoration(doc["restoration"], path, doc.line_of("restoration"))
        rules = doc.get("rules") or []
        if not isinstance(rules, list):
            raise PolicyError("'rules' must be a list", where=location(path, doc.line_of("rules")))
        file_language = _language(doc, path, policy.meta.language)
        for raw in rules:
            _add_or_override(policy, raw, path, seen_here, file_language)


_PROSE_LINE = re.compile(r"^\s*-?\s*(?:message|suggestion|title|description|guideline|text|meaning|discipline|"
                         r"restoration):\s+([^'\"|>\s].*?)\s+#")


def _refuse_cut_prose(path: Path) -> None:
    """In YAML, ' #' starts a comment: unquoted prose ("e.g. #ABQTraffic") would be cut there silently."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if _PROSE_LINE.match(line):
            raise PolicyError("this text has ' #' in it, which YAML reads as the start of a comment and drops",
                              where=location(path, number), fix="put the whole text in quotes")


def _language(doc: LineDict, path: Path, default: str) -> str:
    """The language a file's rules are written in: its own `language:`, else the policy's."""
    value = doc.get("language", default)
    if not isinstance(value, str) or not value.isalpha() or not 2 <= len(value) <= 3:
        raise PolicyError("'language' must be a language code such as en or es",
                          where=location(path, doc.line_of("language"), "language"))
    return value.lower()


def _add_or_override(policy: Policy, raw: Any, path: Path, seen_here: set[str], language: str = "en") -> None:
    if not isinstance(raw, LineDict) or "id" not in raw:
        line = raw.line if isinstance(raw, LineDict) else None
        raise PolicyError("each rule must be a mapping with an 'id'", where=location(path, line, "id"))
    rule_id = str(raw["id"])
    where = location(path, raw.line)
    if rule_id in seen_here:
        raise PolicyError(f"duplicate rule id {rule_id!r}", where=location(path, raw.line, "id"),
                          fix="give each rule its own id")
    seen_here.add(rule_id)
    existing = next((i for i, r in enumerate(policy.rules) if r.id == rule_id), None)
    if existing is None:
        policy.rules.append(replace(build_rule_spec(raw, path), language=language))
    else:
        policy.rules[existing] = _override(policy.rules[existing], raw, path, where)


def build_rule_spec(raw: LineDict, path: Path) -> RuleSpec:
    from postguard.rules import rule_kind  # the registry of rule kinds validates its own params

    for name in REQUIRED_RULE_FIELDS:
        if name not in raw or raw[name] in (None, ""):
            raise PolicyError(f"rule {raw.get('id')!r} is missing '{name}'", where=location(path, raw.line, name),
                              fix=f"add '{name}:' to the rule")
    kind = rule_kind(str(raw["kind"]), location(path, raw.line_of("kind"), "kind"))
    params = {k: v for k, v in raw.items() if k not in RULE_FIELDS}
    spec = RuleSpec(
        id=str(raw["id"]), title=str(raw["title"]), kind=kind.name,
        criterion=_enum(Criterion, raw["criterion"], location(path, raw.line_of("criterion"), "criterion"), "criterion"),
        section=str(raw["section"]),
        severity=_enum(Severity, raw["severity"], location(path, raw.line_of("severity"), "severity"), "severity"),
        message=str(raw["message"]).strip(), suggestion=str(raw["suggestion"]).strip(),
        examples=_examples(raw, path), params=params,
        enabled=_bool(raw, "enabled", True, path), description=str(raw.get("description") or "").strip(),
        quotes=_bool(raw, "quotes", False, path), source=location(path, raw.line),
        waivable=_bool(raw, "waivable", None, path) if "waivable" in raw else None,
        types=_types(raw, path), unless=_patterns(raw, path), unless_link=_bool(raw, "unless_link", False, path),
        comment_kinds=_names(raw, "comment_kinds", path),
    )
    kind.check_params(spec, lambda key: location(path, raw.line_of(key), key))
    return spec


def _override(base: RuleSpec, raw: LineDict, path: Path, where: str) -> RuleSpec:
    from postguard.rules import rule_kind

    changes: dict[str, Any] = {}
    params = dict(base.params)
    for key, value in raw.items():
        at = location(path, raw.line_of(key), key)
        if key == "id":
            continue
        if key == "kind" and value != base.kind:
            raise PolicyError(f"an override cannot change the kind of {base.id!r}", where=at,
                              fix="give the new rule its own id")
        elif key == "severity":
            changes[key] = _enum(Severity, value, at, "severity")
        elif key == "criterion":
            changes[key] = _enum(Criterion, value, at, "criterion")
        elif key in ("enabled", "quotes", "waivable", "unless_link"):
            changes[key] = _bool(raw, key, True, path)
        elif key == "types":
            changes[key] = _types(raw, path)
        elif key == "unless":
            changes[key] = _patterns(raw, path)
        elif key == "comment_kinds":
            changes[key] = _names(raw, key, path)
        elif key == "examples":
            changes[key] = _examples(raw, path)
        elif key in RULE_FIELDS:
            changes[key] = str(value).strip()
        else:
            params[key] = value
    spec = replace(base, **changes, params=params, source=where)
    rule_kind(spec.kind, where).check_params(spec, lambda key: location(path, raw.line_of(key), key))
    return spec


def _examples(raw: LineDict, path: Path) -> dict:
    examples = raw.get("examples")
    at = location(path, raw.line_of("examples"), "examples")
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass"}:
        raise PolicyError("examples must be a mapping with 'flag' and 'pass' lists", where=at,
                          fix="write examples: {flag: [...], pass: [...]}")
    for key in ("flag", "pass"):
        items = examples.get(key)
        if not isinstance(items, list) or not items:
            raise PolicyError(f"examples need at least one '{key}' example", where=at,
                              fix=f"add a draft this rule must {'flag' if key == 'flag' else 'let pass'}")
        for item in items:
            if not (isinstance(item, str) or (isinstance(item, dict) and isinstance(item.get("text"), str))):
                raise PolicyError(f"each '{key}' example must be text or a mapping with 'text'", where=at)
    return {"flag": list(examples["flag"]), "pass": list(examples["pass"])}


def _types(raw: LineDict, path: Path) -> tuple[str, ...]:
    values = raw.get("types") or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise PolicyError("'types' must be a list of content types", where=location(path, raw.line_of("types"), "types"))
    return tuple(values)  # checked against the policy's content types once every pack is loaded


def _names(raw: LineDict, key: str, path: Path) -> tuple[str, ...]:
    values = raw.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise PolicyError(f"'{key}' must be a list of names", where=location(path, raw.line_of(key), key))
    return tuple(values)


def _patterns(raw: LineDict, path: Path) -> tuple[str, ...]:
    values = raw.get("unless") or []
    where = location(path, raw.line_of("unless"), "unless")
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise PolicyError("'unless' must be a list of regular expressions", where=where)
    for value in values:
        check_pattern(value, where)
    return tuple(values)


def _meta(raw: Any, path: Path, current: PolicyMeta) -> PolicyMeta:
    names = [f.name for f in fields(PolicyMeta)]
    values = _only(raw, names, path)
    if "review_interval_months" in values:
        try:
            values["review_interval_months"] = int(values["review_interval_months"])
        except ValueError:
            raise PolicyError("review_interval_months must be a whole number",
                              where=location(path, raw.line_of("review_interval_months"))) from None
    return replace(current, **values)


def _content_type(name: str, raw: Any, path: Path, line: int) -> ContentType:
    where = location(path, line, name)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise PolicyError(f"content type name {name!r} must be lower-case letters, digits and '_'", where=where)
    if not isinstance(raw, dict) or "title" not in raw or not isinstance(raw.get("cues", []), list):
        raise PolicyError("a content type needs a title and a list of cues", where=where)
    for cue in raw.get("cues", []):
        if not isinstance(cue, str):
            raise PolicyError(f"cue {cue!r} must be a regular expression", where=where)
        check_pattern(cue, where)
    return ContentType(name=name, title=str(raw["title"]), cues=tuple(raw.get("cues", [])),
                       min_cues=int(raw.get("min_cues", 1)))


def _responses(raw: Any, path: Path) -> ResponseGuide:
    if not isinstance(raw, LineDict):
        raise PolicyError("'responses' must be a mapping", where=location(path, getattr(raw, "line", None)))
    kinds = []
    for name, spec in (raw.get("kinds") or {}).items():
        where = location(path, raw["kinds"].line_of(name), name)
        if not isinstance(spec, dict) or not spec.get("title") or not spec.get("guideline"):
            raise PolicyError(f"comment kind {name!r} needs a title and a guideline", where=where)
        for cue in spec.get("cues") or []:
            if not isinstance(cue, str):
                raise PolicyError(f"cue {cue!r} must be a regular expression", where=where)
            check_pattern(cue, where)
        problem = validate_patterns(spec["patterns"]) if "patterns" in spec else None
        if problem:
            raise PolicyError(problem, where=where)
        kinds.append(CommentKind(
            name=str(name), title=str(spec["title"]), guideline=" ".join(str(spec["guideline"]).split()),
            cues=tuple(spec.get("cues") or ()), patterns=tuple(plain(spec.get("patterns") or ())),
            min_score=dict(spec.get("min_score") or {}),
            templates=tuple(" ".join(str(t).split()) for t in spec.get("templates") or ()),
            escalate_to=str(spec.get("escalate_to") or ""), reply_publicly=bool(spec.get("reply_publicly", True))))
    return ResponseGuide(kinds=tuple(kinds), channels=dict(raw.get("channels") or {}), links=dict(raw.get("links") or {}))


def _contacts(raw: Any, path: Path, line: int) -> dict[str, list[Contact]]:
    """§1.B: how residents give feedback on the policy and report a post, per purpose."""
    where = location(path, line, "contacts")
    if not isinstance(raw, dict) or set(raw) - set(CONTACT_PURPOSES):
        raise PolicyError(f"'contacts' takes: {', '.join(CONTACT_PURPOSES)}", where=where)
    contacts = {}
    for purpose, channels in raw.items():
        if not isinstance(channels, list) or not channels:
            raise PolicyError(f"contacts.{purpose} must be a list of channels", where=where)
        contacts[purpose] = []
        for channel in channels:
            values = _only(channel, ("kind", "address", "label", "hours"), path)
            if values.get("kind") not in CONTACT_KINDS or not str(values.get("address", "")).strip():
                raise PolicyError(f"each contact needs a kind ({', '.join(CONTACT_KINDS)}) and an address",
                                  where=location(path, getattr(channel, "line", line), "contacts"))
            if values["kind"] == "web" and not str(values["address"]).startswith("https://"):
                raise PolicyError("a web contact must be an https:// address", where=location(path, channel.line))
            contacts[purpose].append(Contact(**{k: str(v) for k, v in values.items()}))
    return contacts


def _discipline(raw: Any, path: Path, line: int) -> Discipline:
    """§1.A.6: the steps a supervisor considers, by severity and by how many times within the window."""
    _only(raw, ("window_months", "steps", "note"), path)  # the keys; the values are read as written
    values = raw
    if not isinstance(values.get("steps") or {}, dict):
        raise PolicyError("discipline.steps must map severities to lists of steps", where=location(path, line))
    steps = {}
    for name, listed in (values.get("steps") or {}).items():
        severity = _enum(Severity, name, location(path, line, "discipline.steps"), "discipline.steps")
        if not isinstance(listed, list) or not listed or not all(isinstance(s, str) and s for s in listed):
            raise PolicyError(f"discipline.steps.{name} must list the step for a 1st, 2nd, ... finding",
                              where=location(path, line, "discipline"))
        steps[severity] = [" ".join(s.split()) for s in listed]
    window = values.get("window_months", 12)
    if not isinstance(window, int) or isinstance(window, bool) or window < 1:
        raise PolicyError("discipline.window_months must be a whole number of months", where=location(path, line))
    return Discipline(window_months=window, steps=steps, note=" ".join(str(values.get("note", "")).split()))


def _restoration(raw: Any, path: Path, line: int) -> dict[str, list[str]]:
    """§1.A.7: restorative actions for a finding of each criterion (true, helpful, necessary, conduct)."""
    where = location(path, line, "restoration")
    if not isinstance(raw, dict) or set(raw) - {c.value for c in Criterion}:
        raise PolicyError(f"'restoration' takes: {', '.join(c.value for c in Criterion)}", where=where)
    if not all(isinstance(v, list) and all(isinstance(a, str) and a for a in v) for v in raw.values()):
        raise PolicyError("each criterion's restoration must be a list of actions", where=where)
    return {str(k): [" ".join(a.split()) for a in v] for k, v in raw.items()}


def _section(ref: str, raw: Any, path: Path, line: int) -> PolicySection:
    if isinstance(raw, str):
        return PolicySection(ref=ref, title=raw)
    values = _only(raw, ("title", "text"), path)
    if "title" not in values:
        raise PolicyError(f"section {ref!r} needs a title", where=location(path, line, "title"))
    return PolicySection(ref=ref, **values)


def _only(raw: Any, allowed, path: Path) -> dict[str, str]:
    if not isinstance(raw, LineDict):
        raise PolicyError("expected a mapping", where=location(path, getattr(raw, "line", None)))
    unknown = set(raw) - set(allowed)
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise PolicyError(f"unknown field {key!r}", where=location(path, raw.line_of(key)),
                          fix=f"use one of: {', '.join(allowed)}")
    return {k: str(v).strip() for k, v in raw.items()}


def _enum(enum, value: Any, where: str, name: str):
    try:
        return enum(str(value).lower())
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        raise PolicyError(f"{name} {value!r} is not one of: {choices}", where=where) from None


def _bool(raw: LineDict, key: str, default: bool, path: Path) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise PolicyError(f"'{key}' must be true or false", where=location(path, raw.line_of(key), key))
    return value


def fingerprint(policy: Policy) -> str:
    """A hash of everything that can change a screening result, for caches and reports."""
    data = [[r.id, r.kind, r.criterion.value, r.section, r.severity.value, r.message, r.suggestion,
             r.params, r.enabled, r.quotes, r.waivable, r.types, r.unless, r.unless_link, r.comment_kinds, r.language]
            for r in policy.rules]
    data.append([policy.meta.citation_prefix, policy.meta.waiver_section, policy.meta.language,
                 sorted((ref, s.title) for ref, s in policy.sections.items())])
    data.append(sorted((k, v.cues, v.min_cues) for k, v in policy.content_types.items()))
    data.append([[k.name, k.cues, sorted(k.min_score.items()), k.guideline] for k in policy.responses.kinds])
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:16]
