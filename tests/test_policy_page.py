"""The policy as a public Transparency page (§1.B), rendered from the rules' own YAML: what a
resident reads, in plain words, with every piece of pack text escaped."""
import datetime as dt
import re
import textwrap
from html.parser import HTMLParser

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from postguard import load_policy
from postguard.cli import main
from postguard.policy.review import review_status
from postguard.report.policy_page import LANGUAGES, TEMPLATES, transparency_page

BEFORE_DUE = dt.date(2026, 12, 1)
AFTER_DUE = dt.date(2028, 1, 1)


def page(policy, fmt="html", lang="en", on=BEFORE_DUE):
    return transparency_page(policy, review_status(policy.meta, on), fmt=fmt, lang=lang)


class Page(HTMLParser):
    """The page as a resident's browser sees it: text (without style), headings, links, badges."""

    VOID = {"meta", "br", "img", "hr", "link", "input"}

    def __init__(self, html):
        super().__init__()
        self.open, self.text, self.headings, self.links, self.badges, self.tags = [], [], [], [], [], []
        self.attrs = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        if tag not in self.VOID:
            self.open.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.open and self.open[-1][0] == tag, (self.open[-3:], tag, self.getpos())
        self.open.pop()

    def handle_data(self, data):
        if any(tag == "style" for tag, _ in self.open):
            return
        if self.open and "level" in (self.open[-1][1].get("class") or ""):
            self.badges.append(data)
        self.text.append(data)

    @property
    def visible_text(self):
        return " ".join(" ".join(self.text).split())


def example_text(example):
    return example if isinstance(example, str) else example["text"]


def test_markdown_page_covers_every_enabled_rule_severity_and_comment_kind(policy):
    text = page(policy, "markdown")
    shown = Page(MarkdownIt("commonmark").render(text)).visible_text  # as a Markdown viewer shows it
    for rule in policy.enabled_rules:
        assert rule.title in shown, rule.id
        assert " ".join(example_text(rule.examples["flag"][0]).split()) in shown, rule.id
    for meaning in policy.severities.values():
        assert meaning.discipline in text
    for kind in policy.responses.kinds:
        assert kind.guideline in text
    for steps in policy.discipline.steps.values():
        assert all(step in text for step in steps)
    assert "### Res. §1.A.3 Prohibition on Personal Attacks" in text
    assert "- Next review due: 2027-11-25\n" in text and "overdue" not in text
    assert "Capitalise each word, e.g. #ABQTraffic, #ShopLocalABQ." in text  # no text lost to YAML comments


def test_an_overdue_review_is_said_plainly_on_the_page(policy):
    for fmt in ("markdown", "html"):
        text = page(policy, fmt, on=AFTER_DUE)
        assert "The review is overdue: it was due on 2027-11-25." in text
        on_the_day = page(policy, fmt, on=dt.date(2027, 11, 25))  # due that day, not yet overdue
        assert "overdue" not in (Page(on_the_day).visible_text if fmt == "html" else on_the_day)


def test_html_page_is_accessible_well_formed_and_needs_no_script(policy):
    html = page(policy)
    parsed = Page(html)
    assert not parsed.open
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in parsed.tags
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(parsed.headings, parsed.headings[1:])), "a heading level is skipped"
    assert "<script" not in html
    assert not any(attr.startswith("on") for _, attrs in parsed.tags for attr in attrs)
    assert not any(tag in ("link", "img", "iframe") for tag, _ in parsed.tags)  # self-contained: nothing to fetch
    external = [href for href in parsed.links if not href.startswith("#")]
    assert external and all(href.startswith(("https://", "mailto:", "tel:")) for href in external)
    assert "text-decoration: underline" in html and "color: #1b1b1b" in html and "background: #ffffff" in html


def test_feedback_and_report_contacts_are_real_links_at_the_top_and_at_the_end(policy):
    html = page(policy)
    first_rule = html.index('class="rule"')
    top, end = html[:first_rule], html[html.index('id="feedback-end"'):]
    for part in (top, end):
        for purpose in ("feedback", "report"):
            for contact in policy.contacts[purpose]:
                if contact.href:
                    assert f'href="{contact.href}"' in part, contact
    assert 'href="mailto:socialmedia@cabq.gov"' in top and 'href="tel:+15057682000"' in top
    assert 'href="https://www.cabq.gov/transparency/social-media-policy/report"' in top


def test_severity_is_shown_in_plain_words_never_as_linter_levels(policy):
    parsed = Page(page(policy))
    assert set(parsed.badges) == {"not allowed", "should be fixed", "a note"}
    assert len(parsed.badges) == len(policy.enabled_rules)
    for level in ("critical", "error", "info"):
        assert not re.search(rf"\b{level}\b", parsed.visible_text, re.IGNORECASE), level
    markdown = page(policy, "markdown")
    assert not re.search(r"\((?:critical|error|warning|info)\)", markdown)
    assert "**Calling someone a liar** (not allowed)" in markdown


def test_each_rule_shows_its_first_flag_example_only(policy):
    text = page(policy, "markdown")
    liar = policy.rule("attack.liar")
    first, second = liar.examples["flag"][:2]
    assert f"For example, this is not allowed: “{first}”" in text
    assert second not in text


def test_titles_show_no_stray_backslashes(policy):
    for rule in policy.rules:
        for text in (rule.title, rule.message, rule.suggestion):
            assert '\\"' not in text and "\\'" not in text, rule.id
    assert '**"Read the post"** (not allowed)' in page(policy, "markdown")
    assert "&#34;Read the post&#34;" in page(policy) and "\\" not in Page(page(policy)).visible_text


HOSTILE = """
rules:
  - id: attack.liar
    title: "<b>Bold</b> title"
    message: "<script>alert('pwned')</script> <img src=x onerror=alert(1)> [click](javascript:alert(1))"
    suggestion: "Write `plain` words & <i>never</i> raw HTML."
"""


@pytest.fixture(scope="module")
def hostile_policy(tmp_path_factory):
    pack = tmp_path_factory.mktemp("hostile") / "dept.yaml"
    pack.write_text(textwrap.dedent(HOSTILE), encoding="utf-8")
    return load_policy([pack])


def test_pack_text_is_escaped_in_the_html_page(hostile_policy):
    html = page(hostile_policy)
    assert "<script" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    shown = Page(html).visible_text
    assert "<script>alert('pwned')</script> <img src=x onerror=alert(1)>" in shown  # shown as text, run never
    assert "<b>Bold</b> title" in shown
    assert not any(href.startswith("javascript:") for href in re.findall(r'href="([^"]*)"', html))
    assert "[click](javascript:alert(1))" in html  # an unsafe link is shown as text, never made a link
    assert "<code>plain</code>" in html  # the pack's own Markdown still works


def test_markdown_output_escapes_raw_html(hostile_policy):
    text = page(hostile_policy, "markdown")
    assert "<script" not in text and "<img" not in text and "<i>" not in text
    for renderer in (MarkdownIt("commonmark"), MarkdownIt("commonmark", {"html": False})):  # html on: like GitHub's
        rendered = renderer.render(text)
        assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered, renderer.options
        assert "&lt;script&gt;alert" in rendered and "&lt;b&gt;Bold&lt;/b&gt; title" in rendered
    assert "`plain`" in text


def test_spanish_page_uses_the_catalogue_and_lists_the_spanish_rules(policy):
    html = page(policy, lang="es")
    parsed = Page(html)
    assert html.startswith('<!DOCTYPE html>\n<html lang="es">')
    words = yaml.safe_load((TEMPLATES / "transparency_words.yaml").read_text(encoding="utf-8"))["es"]
    for heading in (words["contact"]["heading"], words["not_post"]["heading"], words["answer"]["heading"]):
        assert heading in parsed.visible_text
    assert set(parsed.badges) == {"no permitido", "debe corregirse", "una nota"}
    spanish = [rule for rule in policy.enabled_rules if rule.language == "es"]
    assert spanish
    for rule in spanish:
        assert rule.title in parsed.visible_text and example_text(rule.examples["flag"][0]) in parsed.visible_text
    assert words["other_language_parts"] in parsed.visible_text  # the page says English parts stay English
    assert '<span lang="en">Calling someone a liar</span>' in html  # and marks them for screen readers
    markdown = page(policy, "markdown", lang="es")
    assert "**Insulto o apodo ofensivo** (no permitido)" in markdown and "Reglas escritas en inglés:" in markdown


def test_every_language_of_the_catalogue_has_every_word():
    catalogue = yaml.safe_load((TEMPLATES / "transparency_words.yaml").read_text(encoding="utf-8"))

    def shape(value):
        if isinstance(value, dict):
            return {key: shape(item) for key, item in value.items()}
        return len(value) if isinstance(value, list) else type(value).__name__

    assert set(LANGUAGES) == {"en", "es"}
    for lang in LANGUAGES:
        assert shape(catalogue[lang]) == shape(catalogue["en"]), lang


def test_policy_show_writes_the_page_and_refuses_an_unknown_language(policy, tmp_path, monkeypatch):
    monkeypatch.setenv("POSTGUARD_TODAY", BEFORE_DUE.isoformat())
    target = tmp_path / "transparency.html"
    result = CliRunner().invoke(main, ["policy", "show", "--format", "html", "--lang", "es", "-o", str(target)])
    assert result.exit_code == 0 and target.read_text(encoding="utf-8") == page(policy, lang="es")
    result = CliRunner().invoke(main, ["policy", "show", "--lang", "fr"])
    assert result.exit_code == 2
    assert "--lang fr: the page has no words in that language — use one of: en, es" in result.output


def test_rules_docs_document_every_rule_from_the_yaml(policy, tmp_path):
    target = tmp_path / "rules.md"
    result = CliRunner().invoke(main, ["rules", "docs", "-o", str(target)])
    assert result.exit_code == 0, result.output
    docs = target.read_text(encoding="utf-8")
    for rule in policy.rules:
        assert f"### `{rule.id}` — " in docs, rule.id
    block = docs.split("### `attack.liar`", 1)[1].split("\n### ", 1)[0]
    liar = policy.rule("attack.liar")
    assert "- **Severity:** not allowed (`critical`)" in block
    assert "- **Section:** Res. §1.A.3 Prohibition on Personal Attacks" in block
    assert "- **Kind:** `pattern` — spaCy Matcher token patterns" in block
    assert "- **Language:** English (`en`)" in block
    assert f"- **Write instead:** {liar.suggestion}" in block
    assert all(f"- “{text}”" in block for text in liar.examples["flag"] + liar.examples["pass"])
    assert "- **Language:** Spanish (`es`)" in docs.split("### `es.insulto`", 1)[1]
