"""The Transparency page (§1.B) in a real browser: readable on a phone and a desktop, feedback
and report links near the top, no network, no script needed, and pack text never run."""
import datetime as dt
import textwrap

import pytest
from browser import needs_chromium, open_page

from postguard import load_policy
from postguard.policy.review import review_status
from postguard.report.policy_page import transparency_page

pytestmark = needs_chromium

HOSTILE = """
rules:
  - id: attack.liar
    message: "<script>document.title = 'pwned'; window.pwned = true</script> Accuses a person of lying."
    suggestion: "<img src=x onerror=\\"window.pwned = true\\"> Correct the claim."
"""


def write_page(tmp_path, policy, name="transparency.html", lang="en", on=dt.date(2026, 12, 1)):
    path = tmp_path / name
    path.write_text(transparency_page(policy, review_status(policy.meta, on), fmt="html", lang=lang), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    return write_page(tmp_path_factory.mktemp("page"), load_policy())


CONTACT_LINKS = """() => {
  const firstRule = document.querySelector('.rule');
  const before = (el) => el.compareDocumentPosition(firstRule) & Node.DOCUMENT_POSITION_FOLLOWING;
  return [...document.querySelectorAll('a[href]')]
    .filter((a) => !a.getAttribute('href').startsWith('#'))
    .map((a) => ({href: a.href, text: a.innerText.trim(), top: Boolean(before(a)),
                  section: a.closest('section') ? a.closest('section').id : null,
                  underlined: getComputedStyle(a).textDecorationLine.includes('underline'),
                  visible: a.getBoundingClientRect().width > 0}));
}"""


@pytest.mark.parametrize("width", [375, 1280])
def test_page_fits_phone_and_desktop_and_makes_no_network_request(page_file, width):
    with open_page(page_file, width=width) as (page, requests):
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width + 1  # no sideways scrolling
        assert page.evaluate("document.documentElement.lang") == "en"
        page.locator("#feedback-end").scroll_into_view_if_needed()  # the whole page, to the end
        page.wait_for_load_state("networkidle")
        assert requests == [page_file.resolve().as_uri()]  # the page itself, nothing else


def test_feedback_and_report_links_come_before_the_first_rule_and_are_real_links(page_file):
    with open_page(page_file, width=375) as (page, _):
        links = page.evaluate(CONTACT_LINKS)
    top = [link for link in links if link["top"]]
    assert {link["section"] for link in top} == {"feedback"}
    hrefs = {link["href"] for link in top}
    assert "mailto:socialmedia@cabq.gov" in hrefs and "mailto:socialmedia-report@cabq.gov" in hrefs
    assert "tel:+15057682000" in hrefs and "tel:311" in hrefs
    assert "https://www.cabq.gov/transparency/social-media-policy/report" in hrefs
    assert {link["href"] for link in links if link["section"] == "feedback-end"} == hrefs  # and again at the end
    assert all(link["href"].startswith(("mailto:", "tel:", "https:")) for link in links)
    assert all(link["underlined"] and link["visible"] and link["text"] for link in links)


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


CONTRAST_PAIRS = """(selectors) => selectors.map((selector) => {
  const el = document.querySelector(selector);
  const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  let back = el;
  while (back && getComputedStyle(back).backgroundColor.match(/[\\d.]+/g).length === 4
         && Number(getComputedStyle(back).backgroundColor.match(/[\\d.]+/g)[3]) === 0) back = back.parentElement;
  return {selector, color: rgb(getComputedStyle(el).color),
          background: back ? rgb(getComputedStyle(back).backgroundColor) : [255, 255, 255]};
})"""


def test_text_has_good_contrast_on_a_light_background(tmp_path):
    overdue = write_page(tmp_path, load_policy(), on=dt.date(2028, 1, 1))
    selectors = ["h1", "header p", ".contact a", ".contact h3", ".rule p", ".level", "blockquote p", "dt", ".overdue",
                 "footer p", "nav a"]
    with open_page(overdue) as (page, _):
        pairs = page.evaluate(CONTRAST_PAIRS, selectors)
    for pair in pairs:
        lighter, darker = sorted((_luminance(pair["color"]), _luminance(pair["background"])), reverse=True)
        ratio = (lighter + 0.05) / (darker + 0.05)
        assert ratio >= 7, (pair, round(ratio, 2))  # WCAG AAA for body text
        assert _luminance(pair["background"]) > 0.8, pair  # dark text on a light background


def test_headings_run_in_order_in_the_browser(page_file):
    with open_page(page_file) as (page, _):
        levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map((h) => Number(h.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1 and max(levels) == 3
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_script_in_pack_text_shows_as_text_and_never_runs(tmp_path):
    pack = tmp_path / "dept.yaml"
    pack.write_text(textwrap.dedent(HOSTILE), encoding="utf-8")
    path = write_page(tmp_path, load_policy([pack]))
    with open_page(path) as (page, requests):
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.pwned === undefined") and page.title() != "pwned"
        rule = page.locator("#rule-attack\\.liar").inner_text()
        assert "<script>document.title = 'pwned'; window.pwned = true</script> Accuses a person of lying." in rule
        assert '<img src=x onerror="window.pwned = true"> Correct the claim.' in rule
        assert page.locator("script").count() == 0 and page.locator("img").count() == 0
        assert requests == [path.resolve().as_uri()]  # the <img src=x> was never made an image to fetch


def test_page_works_with_javascript_disabled(page_file):
    with open_page(page_file, width=375, javascript=False) as (page, requests):
        assert page.locator("h1").is_visible()
        assert page.locator("#feedback a[href^='mailto:']").first.is_visible()
        assert page.locator(".rule").count() > 50 and page.locator(".rule").first.is_visible()
        page.locator("nav a[href='#feedback-end']").click()  # in-page navigation needs no script
        assert page.locator("#feedback-end").is_visible()
        assert requests[0] == page_file.resolve().as_uri()


def test_spanish_page_renders_at_phone_width(tmp_path):
    path = write_page(tmp_path, load_policy(), lang="es")
    with open_page(path, width=375) as (page, requests):
        assert page.evaluate("document.documentElement.lang") == "es"
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 376
        assert page.locator("#feedback h2").inner_text() == "Envíe comentarios o reporte una publicación"
        assert page.locator("#rule-es\\.insulto").inner_text().count("no permitido") == 1
        assert requests == [path.resolve().as_uri()]
