"""The policy rendered for people from templates (report/templates/): the public Transparency
page (§1.B) as HTML or Markdown, the rules reference, and a policy diff for the Council (§2).

Every value goes through an escaping layer, never string-built markup: HTML templates run with
Jinja's autoescape, and the Markdown templates with a finalizer that escapes every value on
output. The policy's prose (messages, suggestions, section texts) is inline CommonMark, rendered
by markdown-it with raw HTML off; titles and examples are literal text. The page's own words
come from a message catalogue (templates/transparency_words.yaml), one block per language.

Renderers read the policy's attributes only (duck typing); the review dates are computed by
postguard.policy.review and handed in.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from markdown_it import MarkdownIt

from postguard.results import Severity
from postguard.report.visible import visible

TEMPLATES = Path(__file__).parent / "templates"
SAFE_SCHEMES = ("https://", "mailto:", "tel:")  # a contact link never runs code (javascript:, data:)
SEVERITIES = [Severity.CRITICAL, Severity.ERROR, Severity.WARNING, Severity.INFO]  # most serious first


@lru_cache(maxsize=None)
def _catalogue() -> dict:
    return yaml.safe_load((TEMPLATES / "transparency_words.yaml").read_text(encoding="utf-8"))


LANGUAGES = tuple(_catalogue())


def transparency_page(policy, review, *, fmt: str = "html", lang: str = "en") -> str:
    """The public page: `review` is the policy's ReviewStatus (postguard.policy.review)."""
    if fmt == "html":
        return _environment("html").get_template("transparency.html.j2").render(_page(policy, review, lang))
    return _tidy(_environment("markdown").get_template("transparency.md.j2").render(_page(policy, review, lang)))


def rules_reference(policy, kind_summaries: dict[str, str] | None = None) -> str:
    """Reference documentation (Markdown) for every rule, written from the rules themselves."""
    words = _catalogue()["en"]
    sections = [(policy.section(ref), [r for r in policy.rules if r.section == ref]) for ref in policy.sections]
    return _tidy(_environment("markdown").get_template("rules_docs.md.j2").render(
        policy=policy, words=words, sections=[(s, rules) for s, rules in sections if rules],
        kinds=kind_summaries or {}, examples=_examples, language_name=lambda code: words["language_names"].get(code, code)))


def policy_diff(diff, fmt: str = "text") -> str:
    """A postguard.policy.diff.PolicyDiff as plain text or Markdown."""
    template = "policy_diff.md.j2" if fmt == "markdown" else "policy_diff.txt.j2"
    return _tidy(_environment(fmt).get_template(template).render(diff=diff))


def _page(policy, review, lang: str) -> dict:
    words = _catalogue()[lang]
    pack_lang = policy.meta.language
    sections, quiet_sections = [], []
    for ref, section in policy.sections.items():
        rules = [r for r in policy.enabled_rules if r.section == ref]
        if not rules:
            quiet_sections.append(section)
            continue
        others = sorted({r.language for r in rules} - {lang})
        sections.append({"section": section, "anchor": _anchor(ref),
                         "rules": [r for r in rules if r.language == lang],
                         "other_languages": [(code, [r for r in rules if r.language == code]) for code in others]})
    appropriate = next((r.params["appropriate"] for r in policy.enabled_rules if "appropriate" in r.params),
                       list(policy.content_types))
    return {
        "policy": policy, "meta": policy.meta, "review": review, "words": words, "lang": lang,
        "pack_lang": pack_lang, "sections": sections, "quiet_sections": quiet_sections,
        "content_types": [policy.content_type_title(name) for name in appropriate],
        "contacts": {purpose: [_contact(c) for c in policy.contacts.get(purpose, [])]
                     for purpose in words["contact"]["purposes"]},
        "severities": [(s, policy.severities[s]) for s in SEVERITIES if s in policy.severities],
        "discipline": [(s, policy.discipline.steps[s]) for s in SEVERITIES if s in policy.discipline.steps],
        "restoration": [(c, policy.restoration[c]) for c in words["after"]["criteria"] if c in policy.restoration],
        "example": lambda rule: _examples(rule, "flag")[0][0],
        "language_name": lambda code: words["language_names"].get(code, code),
    }


def _contact(contact) -> dict:
    href = contact.href
    return {"kind": contact.kind, "address": contact.address, "label": contact.label, "hours": contact.hours,
            "href": href if href.startswith(SAFE_SCHEMES) else ""}


def _examples(rule, expected: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(text, [(field, value)...]) for each example: the draft text, and any front matter beside it."""
    found = []
    for example in rule.examples[expected]:
        if isinstance(example, str):
            found.append((example, []))
            continue
        fields = [(key, value.get("text", value) if isinstance(value, dict) else value)
                  for key, value in example.items() if key != "text"]
        found.append((example["text"], [(key, _field_text(value)) for key, value in fields]))
    return found


def _field_text(value) -> str:
    """A front matter value as written: lists and mappings as JSON, dates as YYYY-MM-DD."""
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (list, dict)) else str(value)


def _anchor(ref: str) -> str:
    return "section-" + (re.sub(r"[^0-9A-Za-z]+", "-", ref).strip("-").lower() or "x")


# --- escaping layers ---------------------------------------------------------------------------

_MARKDOWN = MarkdownIt("commonmark", {"html": False})  # raw HTML in pack text comes out as text


class _Prose(str):
    """Pack prose for a Markdown template: CommonMark is kept, raw HTML is escaped."""


class _Raw(str):
    """Markdown postguard built itself (a link destination, a macro's already escaped output):
    passed through as it is."""


# What would start a heading, list, quote or rule if a value began a line gets a backslash before
# its mark (for "1." before the dot: a backslash before a digit would show as itself).
_BLOCK_MARK = re.compile(r"^(\s*)(?=#{1,6}(?:\s|$)|[-+*](?:\s|$)|>|=+\s*$|-+\s*$)")
_LIST_NUMBER = re.compile(r"^(\s*\d{1,9})(?=[.)](?:\s|$))")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])|&(?=#?\w+;)")


def _tidy(text: str) -> str:
    """One blank line between blocks, whatever the template's conditionals left."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _markdown_value(value) -> str:
    """Every {{ value }} in a Markdown template: literal text unless marked as prose or raw."""
    if value is None:
        return ""
    if isinstance(value, _Raw):
        return value
    if isinstance(value, _Prose):
        text = visible(_one_line(value)).replace("<", "&lt;")
    else:
        text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + (m.group(1) or "&"), visible(_one_line(value)))
    return _LIST_NUMBER.sub(r"\1\\", _BLOCK_MARK.sub(r"\1\\", text))


def _html_prose(text) -> Markup:
    return Markup(_MARKDOWN.renderInline(_one_line(text)))


def _markdown_link(href: str) -> str:
    return _Raw("<" + quote(href, safe=":/?#@!$&'*+,;=%~-._") + ">") if href else ""


def _fill(text: str, **values) -> str:
    """A catalogue phrase with its {placeholders} filled (escaped on output like any value)."""
    return text.format(**values)


def _text_value(value) -> str:
    """Every {{ value }} in a plain-text template: one line, control characters made visible."""
    return "" if value is None else visible(_one_line(value))


@lru_cache(maxsize=None)
def _environment(fmt: str) -> Environment:
    """"html": autoescaped; "markdown": every value escaped by _markdown_value; "text": plain."""
    html = fmt == "html"
    finalize = {"html": None, "markdown": _markdown_value}.get(fmt, _text_value)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=html, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=finalize)
    env.filters.update(prose=_html_prose if html else _Prose, fill=_fill, link=_markdown_link, built=_Raw)
    return env
