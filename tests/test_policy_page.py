"""The policy as a public Transparency page (§1.B), rendered from the rules' own YAML."""
import datetime as dt
from html.parser import HTMLParser

from click.testing import CliRunner

from postguard.cli import main
from postguard.report.policy_page import next_review, policy_html, policy_markdown


def test_markdown_page_covers_every_enabled_rule_severity_and_comment_kind(policy):
    page = policy_markdown(policy, today=dt.date(2026, 12, 1))
    for rule in policy.enabled_rules:
        assert f"**{rule.title}**" in page, rule.id
    for meaning in policy.severities.values():
        assert meaning.discipline in page
    for kind in policy.responses.kinds:
        assert kind.guideline in page
    assert "## Res. §1.A.3 Prohibition on Personal Attacks" in page
    assert "next review due 2027-11-25" in page and "overdue" not in page
    assert "Capitalise each word, e.g. #ABQTraffic, #ShopLocalABQ." in page  # no text lost to YAML comments


def test_an_overdue_review_is_said_plainly(policy):
    assert next_review(policy.meta) == dt.date(2027, 11, 25)
    assert "(**overdue**)" in policy_markdown(policy, today=dt.date(2028, 1, 1))


def test_html_page_is_well_formed_and_escaped(policy, tmp_path):
    class Checker(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open, self.headings = [], []

        def handle_starttag(self, tag, attrs):
            if tag not in ("meta",):
                self.open.append(tag)

        def handle_endtag(self, tag):
            assert self.open and self.open[-1] == tag, (self.open[-3:], tag)
            self.open.pop()

        def handle_data(self, data):
            if self.open and self.open[-1] in ("h1", "h2"):
                self.headings.append(data)

    page = policy_html(policy)
    checker = Checker()
    checker.feed(page)
    assert not checker.open and "Res. §1.A.4 Response Guidelines" in checker.headings
    assert "<script" not in page and "&quot;" in page  # quotes in rule text are escaped
    target = tmp_path / "policy.html"
    result = CliRunner().invoke(main, ["policy", "show", "--format", "html", "--output", str(target)])
    assert result.exit_code == 0 and target.read_text(encoding="utf-8") == page
